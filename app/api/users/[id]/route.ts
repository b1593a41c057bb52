// PATCH /api/users/{id} — change role or name (admin)  DELETE /api/users/{id} — remove a person (admin)
import { route } from "@/lib/api/handler";
import { auditActor } from "@/lib/audit";
import { UserParams, UserPatchSchema } from "@/lib/auth/user-schemas";
import { removeUser, updateUser } from "@/lib/auth/users";

export const PATCH = route(
  { access: "admin", params: UserParams, body: UserPatchSchema },
  async ({ who, params, body }) => ({
    user: await updateUser({ ...auditActor(who), userId: who.userId }, params.id, body),
  }),
);

export const DELETE = route({ access: "admin", params: UserParams }, async ({ who, params }) => ({
  ok: true,
  ...(await removeUser({ ...auditActor(who), userId: who.userId }, params.id)),
}));
