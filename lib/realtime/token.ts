// Short-lived tokens that let a signed-in browser open the worker's socket. Minted by the web process, verified by
// the worker; both derive the signing key from the internal secret, so the secret itself never signs anything.
import crypto from "node:crypto";
import { jwtVerify, SignJWT } from "jose";
import { z } from "zod";

export const REALTIME_AUDIENCE = "cadre-realtime";
export const REALTIME_TOKEN_TTL_SECONDS = 300;

const KEY_LABEL = "cadre realtime token signing key v1";

export interface RealtimeIdentity {
  userId: string;
  role: "admin" | "user";
}

export interface MintedToken {
  token: string;
  /** ISO time after which the worker refuses the token */
  expiresAt: string;
}

const Claims = z.object({
  sub: z.string().min(1),
  role: z.enum(["admin", "user"]),
});

const keys = new Map<string, Uint8Array>();

/** HKDF of the internal secret with a fixed label: a leaked token key says nothing about the secret. */
function signingKey(secret: string): Uint8Array {
  let key = keys.get(secret);
  if (!key) {
    key = new Uint8Array(crypto.hkdfSync("sha256", secret, "", KEY_LABEL, 32));
    keys.set(secret, key);
  }
  return key;
}

export async function mintRealtimeToken(
  identity: RealtimeIdentity,
  secret: string,
  ttlSeconds = REALTIME_TOKEN_TTL_SECONDS,
): Promise<MintedToken> {
  const now = Math.floor(Date.now() / 1000);
  const exp = now + ttlSeconds;
  const token = await new SignJWT({ role: identity.role })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(identity.userId)
    .setAudience(REALTIME_AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(exp)
    .sign(signingKey(secret));
  return { token, expiresAt: new Date(exp * 1000).toISOString() };
}

/** The identity in a valid token, or null when it is missing, malformed, expired, or signed with another key. */
export async function verifyRealtimeToken(token: unknown, secret: string): Promise<RealtimeIdentity | null> {
  if (typeof token !== "string" || token.length === 0 || token.length > 4096) return null;
  try {
    const { payload } = await jwtVerify(token, signingKey(secret), {
      algorithms: ["HS256"],
      audience: REALTIME_AUDIENCE,
      requiredClaims: ["exp", "sub"],
    });
    const claims = Claims.safeParse(payload);
    return claims.success ? { userId: claims.data.sub, role: claims.data.role } : null;
  } catch {
    return null;
  }
}
