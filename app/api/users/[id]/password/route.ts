// POST /api/users/{id}/password — set a person's password (admin); ends their browser sessions and revokes their API tokens
import { z } from "zod";
import { route } from "../../../../../lib/api/handler";
import { SetPasswordSchema } from "../../../../../lib/auth/user-schemas";
import { setUserPassword } from "../../../../../lib/auth/users";

const Params = z.object({ id: z.string().min(1).max(100) });

export const POST = route({ access: "admin", params: Params, body: SetPasswordSchema }, async ({ params, body }) => {
  await setUserPassword(params.id, body.password);
  return { ok: true };
});
