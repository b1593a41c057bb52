// DELETE /api/tokens/{id} — revoke one of my API tokens (someone else's is "not found")
import { z } from "zod";
import { route } from "../../../../lib/api/handler";
import { revokeApiToken } from "../../../../lib/auth/api-tokens";

const Params = z.object({ id: z.string().min(1).max(100) });

export const DELETE = route({ access: "user", params: Params }, async ({ who, params }) => {
  await revokeApiToken(who.userId, params.id);
  return { ok: true };
});
