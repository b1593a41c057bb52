// Personal API tokens: shown once, stored as SHA-256, revocable.
import crypto from "node:crypto";
import { db, type Tx } from "../db";
import { notFound } from "../errors";

const TOKEN_PREFIX = "cad_";

export function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

export const apiTokenSelect = { id: true, name: true, prefix: true, lastUsedAt: true, expiresAt: true, createdAt: true } as const;

export async function createApiToken(userId: string, name: string, opts: { expiresAt?: Date | null } = {}, tx: Tx = db) {
  const token = TOKEN_PREFIX + crypto.randomBytes(32).toString("base64url");
  const record = await tx.apiToken.create({
    data: { userId, name, prefix: token.slice(0, 10), tokenHash: hashToken(token), expiresAt: opts.expiresAt ?? null },
    select: apiTokenSelect,
  });
  return { token, record };
}

export function listApiTokens(userId: string, tx: Tx = db) {
  return tx.apiToken.findMany({ where: { userId }, select: apiTokenSelect, orderBy: { createdAt: "desc" } });
}

export async function revokeApiToken(userId: string, id: string, tx: Tx = db): Promise<void> {
  const { count } = await tx.apiToken.deleteMany({ where: { id, userId } });
  if (count === 0) throw notFound("API token");
}

/** Returns the token's user, or null for an unknown, expired or malformed token. */
export async function verifyApiToken(token: string, tx: Tx = db) {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
  // The user comes in the same query: this runs on every request made with a token.
  const row = await tx.apiToken.findUnique({ where: { tokenHash: hashToken(token) }, include: { user: true } });
  if (!row) return null;
  if (row.expiresAt && row.expiresAt.getTime() < Date.now()) return null;
  // Recording use at most once a minute keeps reads from turning into writes on every request.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await tx.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } }).catch(() => undefined);
  }
  return row.user;
}
