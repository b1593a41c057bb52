// DELETE /api/tokens/{id} — revoke one of my API tokens (someone else's is "not found")
import { route } from "@/lib/api/handler";
import { auditActor } from "@/lib/audit";
import { revokeApiToken } from "@/lib/auth/api-tokens";
import { TokenParams } from "@/lib/auth/user-schemas";

export const DELETE = route({ access: "user", params: TokenParams }, async ({ who, params }) => {
  await revokeApiToken(who.userId, params.id, auditActor(who));
  return { ok: true };
});
