// Personal API tokens: shown once, stored as SHA-256, revocable.
import crypto from "node:crypto";
import { type AuditActor, auditWrite, SYSTEM_ACTOR } from "@/lib/audit";
import { db, direct, type Tx, transact } from "@/lib/db";
import { Prisma } from "@/lib/db/client-types";
import { isUniqueViolation } from "@/lib/db/errors";
import { conflict, notFound } from "@/lib/errors";

const TOKEN_PREFIX = "cad_";

export function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

export const apiTokenSelect = {
  id: true,
  name: true,
  prefix: true,
  lastUsedAt: true,
  expiresAt: true,
  createdAt: true,
} as const;

/** A second token of one person with the same name: the unique (userId, name) index answers, mapped to 409. */
const tokenNameTaken = (name: string) =>
  conflict(`You already have a token named "${name}"`, [
    { field: "name", message: "You already have a token with this name" },
  ]);

/** The audit entry of a token change: the token's name and prefix, never the token. */
const tokenEntry = (action: string, record: { id: string; name: string; prefix: string; expiresAt: Date | null }) => ({
  action: `token.${action}`,
  targetType: "token",
  targetId: record.id,
  targetLabel: record.name,
  [action === "created" ? "after" : "before"]: {
    name: record.name,
    prefix: record.prefix,
    expiresAt: record.expiresAt?.toISOString() ?? null,
  },
});

export async function createApiToken(
  userId: string,
  name: string,
  opts: { expiresAt?: Date | null } = {},
  actor: AuditActor = SYSTEM_ACTOR,
  tx: Tx = db,
) {
  const token = TOKEN_PREFIX + crypto.randomBytes(32).toString("base64url");
  try {
    const record = await transact(tx, async (t) => {
      const created = await t.apiToken.create({
        data: {
          userId,
          name,
          prefix: token.slice(0, 10),
          tokenHash: hashToken(token),
          expiresAt: opts.expiresAt ?? null,
        },
        select: apiTokenSelect,
      });
      await auditWrite(t, actor, tokenEntry("created", created));
      return created;
    });
    return { token, record };
  } catch (err) {
    if (isUniqueViolation(err)) throw tokenNameTaken(name);
    throw err;
  }
}

export function listApiTokens(userId: string, tx: Tx = db) {
  return tx.apiToken.findMany({ where: { userId }, select: apiTokenSelect, orderBy: { createdAt: "desc" } });
}

export async function revokeApiToken(
  userId: string,
  id: string,
  actor: AuditActor = SYSTEM_ACTOR,
  tx: Tx = db,
): Promise<void> {
  await transact(tx, async (t) => {
    const record = await t.apiToken.findFirst({ where: { id, userId }, select: apiTokenSelect });
    const { count } = await t.apiToken.deleteMany({ where: { id, userId } });
    if (count === 0 || !record) throw notFound("API token");
    await auditWrite(t, actor, tokenEntry("revoked", record));
  });
}

interface TokenUser {
  id: string;
  email: string;
  name: string;
  role: string | null;
  banned: boolean | null;
  banExpires: Date | null;
  /** the token's own name */
  tokenName: string;
}

/** Returns the token's user, or null for an unknown, expired or malformed token. */
export async function verifyApiToken(token: string): Promise<TokenUser | null> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
  // This runs on every request made with a token: one plain statement (lib/db/sql.ts) reads the token and its user.
  const [row] = await direct.query<TokenUser & { tokenId: string; lastUsedAt: Date | null; expiresAt: Date | null }>(
    Prisma.sql`
      SELECT u."id", u."email", u."name", u."role", u."banned", u."banExpires",
        t."id" AS "tokenId", t."name" AS "tokenName", t."lastUsedAt", t."expiresAt"
      FROM "ApiToken" t JOIN "User" u ON u."id" = t."userId"
      WHERE t."tokenHash" = ${hashToken(token)}`,
    { prepare: true },
  );
  if (!row) return null;
  if (row.expiresAt && row.expiresAt.getTime() < Date.now()) return null;
  // Recording use at most once a minute keeps reads from turning into writes on every request.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db.apiToken.update({ where: { id: row.tokenId }, data: { lastUsedAt: new Date() } }).catch(() => undefined);
  }
  const { id, email, name, role, banned, banExpires, tokenName } = row;
  return { id, email, name, role, banned, banExpires, tokenName };
}
