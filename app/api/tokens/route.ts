// GET /api/tokens — my API tokens  POST /api/tokens — create one (the token is in this answer only)
import { json, route } from "@/lib/api/handler";
import { auditActor } from "@/lib/audit";
import { createApiToken, listApiTokens } from "@/lib/auth/api-tokens";
import { expiryFromDays } from "@/lib/auth/token-expiry";
import { NewTokenSchema } from "@/lib/auth/user-schemas";

export const GET = route({ access: "user" }, async ({ who }) => ({ tokens: await listApiTokens(who.userId) }));

export const POST = route({ access: "user", body: NewTokenSchema }, async ({ who, body }) => {
  const { token, record } = await createApiToken(
    who.userId,
    body.name,
    { expiresAt: expiryFromDays(body.expiresInDays) },
    auditActor(who),
  );
  return json({ token, record }, 201);
});
