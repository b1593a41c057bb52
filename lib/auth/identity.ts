// Who is asking: a session cookie (browser) or a personal API token (Authorization: Bearer). The user row (role, ban)
// is read on every request, so a demotion or a ban applies to the very next request, whatever signed it.

import { verifyApiToken } from "./api-tokens";
import { auth } from "./auth";

export type Role = "admin" | "user";

export interface Identity {
  userId: string;
  email: string;
  name: string;
  role: Role;
  via: "session" | "token";
  /** the API token's name, when a token signed the request (the audit log names it) */
  tokenName?: string;
  /** the client's address, set by the route handler from the request (the audit log keeps it) */
  ip?: string | null;
}

export function toRole(role: string | null | undefined): Role {
  return role === "admin" ? "admin" : "user";
}

/** A ban with an end date lifts by itself at that date, as better-auth lifts it at sign-in. */
export function isBanned(
  user: { banned?: boolean | null; banExpires?: Date | string | null },
  now = Date.now(),
): boolean {
  return user.banned === true && (!user.banExpires || new Date(user.banExpires).getTime() > now);
}

export async function identify(headers: Headers): Promise<Identity | null> {
  const authorization = headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match) return null;
    const user = await verifyApiToken(match[1]);
    if (!user || isBanned(user)) return null;
    return {
      userId: user.id,
      email: user.email,
      name: user.name,
      role: toRole(user.role),
      via: "token",
      tokenName: user.tokenName,
    };
  }
  const session = await auth.api.getSession({ headers });
  if (!session || isBanned(session.user)) return null;
  const { user } = session;
  return { userId: user.id, email: user.email, name: user.name, role: toRole(user.role), via: "session" };
}

export const isAdmin = (who: Identity) => who.role === "admin";
