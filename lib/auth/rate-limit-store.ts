// better-auth's rate limiter kept in the database, so every web process counts against the same limits. Its own
// database storage updates a row inside an interactive transaction; on the Prisma SQLite adapter every query of the
// process shares one connection, so other requests' queries would run inside that transaction. Here each request is
// one conditional upsert instead: it counts the request only while the window has room (or has passed).
import crypto from "node:crypto";
import type { Db } from "@/lib/db";

export interface RateLimitRule {
  /** seconds */
  window: number;
  max: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  /** seconds until the window has room again; null when allowed */
  retryAfter: number | null;
}

/** Rows whose last request is older than this are deleted; longer than any rule's window. */
const KEEP_MS = 60 * 60 * 1000;
const PRUNE_EVERY_MS = 60 * 1000;

export function databaseRateLimitStore(db: Db, clock: () => number = Date.now) {
  let prunedAt = 0;

  async function prune(now: number): Promise<void> {
    if (now - prunedAt < PRUNE_EVERY_MS) return;
    prunedAt = now;
    await db.$executeRaw`DELETE FROM "RateLimit" WHERE "lastRequest" < ${BigInt(now - KEEP_MS)}`;
  }

  async function consume(key: string, rule: RateLimitRule): Promise<RateLimitDecision> {
    const windowMs = BigInt(Math.round(rule.window * 1000));
    for (let attempt = 0; attempt < 3; attempt++) {
      const now = clock();
      const at = BigInt(now);
      // A new key starts at 1; a passed window starts again at 1; otherwise +1 while under max. 0 rows: refused.
      const counted = await db.$executeRaw`
        INSERT INTO "RateLimit" ("id", "key", "count", "lastRequest") VALUES (${crypto.randomUUID()}, ${key}, 1, ${at})
        ON CONFLICT ("key") DO UPDATE SET
          "count" = CASE WHEN ${at} - "RateLimit"."lastRequest" >= ${windowMs} THEN 1 ELSE "RateLimit"."count" + 1 END,
          "lastRequest" = ${at}
        WHERE ${at} - "RateLimit"."lastRequest" >= ${windowMs} OR "RateLimit"."count" < ${rule.max}`;
      if (counted > 0) {
        await prune(now);
        return { allowed: true, retryAfter: null };
      }
      const [row] = await db.$queryRaw<{ lastRequest: bigint | number }[]>`
        SELECT "lastRequest" FROM "RateLimit" WHERE "key" = ${key}`;
      // Gone or expired since the upsert (pruned, or the window just passed): count this request again.
      if (!row) continue;
      const waitMs = Number(row.lastRequest) + Number(windowMs) - clock();
      if (waitMs <= 0) continue;
      return { allowed: false, retryAfter: Math.ceil(waitMs / 1000) };
    }
    return { allowed: false, retryAfter: 1 };
  }

  return { consume };
}
