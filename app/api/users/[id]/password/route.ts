// POST /api/users/{id}/password — set a person's password (admin); ends their browser sessions and revokes their API tokens
import { route } from "@/lib/api/handler";
import { auditActor } from "@/lib/audit";
import { SetPasswordSchema, UserParams } from "@/lib/auth/user-schemas";
import { setUserPassword } from "@/lib/auth/users";

export const POST = route(
  { access: "admin", params: UserParams, body: SetPasswordSchema },
  async ({ params, body, who }) => {
    await setUserPassword(params.id, body.password, auditActor(who));
    return { ok: true };
  },
);
