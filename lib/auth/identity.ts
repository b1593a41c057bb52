// Who is asking: a session cookie (browser) or a personal API token (Authorization: Bearer).
import { auth } from "./auth";
import { verifyApiToken } from "./api-tokens";

export type Role = "admin" | "user";

export interface Identity {
  userId: string;
  email: string;
  name: string;
  role: Role;
  via: "session" | "token";
}

export function toRole(role: string | null | undefined): Role {
  return role === "admin" ? "admin" : "user";
}

export async function identify(headers: Headers): Promise<Identity | null> {
  const authorization = headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match) return null;
    const user = await verifyApiToken(match[1]);
    if (!user || user.banned) return null;
    return { userId: user.id, email: user.email, name: user.name, role: toRole(user.role), via: "token" };
  }
  const session = await auth.api.getSession({ headers });
  if (!session || session.user.banned) return null;
  const { user } = session;
  return { userId: user.id, email: user.email, name: user.name, role: toRole(user.role), via: "session" };
}

export const isAdmin = (who: Identity) => who.role === "admin";
