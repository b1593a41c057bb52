// GET /api/setup — is first-run setup needed?  POST /api/setup — create the first admin and the demo agent
import { json, route } from "@/lib/api/handler";
import { FirstAdminSchema } from "@/lib/auth/user-schemas";
import { createFirstAdmin, isSetupNeeded } from "@/lib/setup/first-run";

export const GET = route({ access: "public" }, async () => ({ needed: await isSetupNeeded() }));

export const POST = route({ access: "public", body: FirstAdminSchema }, async ({ body }) => {
  const user = await createFirstAdmin(body);
  return json({ user }, 201);
});
