// GET /api/users — everyone (admin)  POST /api/users — add a person (admin)
import { json, route } from "@/lib/api/handler";
import { auditActor } from "@/lib/audit";
import { NewUserSchema } from "@/lib/auth/user-schemas";
import { createUser, listUsers } from "@/lib/auth/users";

export const GET = route({ access: "admin" }, async () => ({ users: await listUsers() }));

export const POST = route({ access: "admin", body: NewUserSchema }, async ({ body, who }) => {
  const user = await createUser(body, auditActor(who));
  return json({ user }, 201);
});
