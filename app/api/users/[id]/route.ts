// PATCH /api/users/{id} — change role or name (admin)  DELETE /api/users/{id} — remove a person (admin)
import { z } from "zod";
import { route } from "../../../../lib/api/handler";
import { UserPatchSchema } from "../../../../lib/auth/user-schemas";
import { removeUser, updateUser } from "../../../../lib/auth/users";

const Params = z.object({ id: z.string().min(1).max(100) });

export const PATCH = route({ access: "admin", params: Params, body: UserPatchSchema }, async ({ who, params, body }) => ({
  user: await updateUser(who.userId, params.id, body),
}));

export const DELETE = route({ access: "admin", params: Params }, async ({ who, params }) => ({
  ok: true,
  ...(await removeUser(who.userId, params.id)),
}));
