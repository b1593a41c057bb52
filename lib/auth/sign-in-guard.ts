// Per-account sign-in limit, whatever address the attempts come from. Every attempt for an email is counted before
// the password is checked, so a burst of parallel guesses cannot all pass before the first failure is written; a
// successful sign-in deletes the count. The lockAfter-th attempt since the last success, and each one after it,
// locks the account for a time that doubles (30 s, 60 s, … capped at 15 min), so a lock an attacker causes stays
// short. Unknown emails are counted the same way, so a lock tells nothing about who has an account.
// Each step is one conditional statement (no interactive transaction: the SQLite connection is shared).
import crypto from "node:crypto";
import { type Db, dialect } from "@/lib/db";
import { Prisma } from "@/lib/db/client-types";

export interface SignInLimits {
  /** the attempt (counted since the last success) that starts the first lock; at least 2 */
  lockAfter: number;
  firstLockMs: number;
  maxLockMs: number;
  /** attempts are forgotten this long after the last one and after its lock ended */
  forgetAfterMs: number;
}

export const SIGN_IN_LIMITS: SignInLimits = {
  lockAfter: 5,
  firstLockMs: 30_000,
  maxLockMs: 15 * 60_000,
  forgetAfterMs: 15 * 60_000,
};

export type SignInAttempt = { allowed: true } | { allowed: false; retryAfterSeconds: number };

const PRUNE_EVERY_MS = 60_000;

/** The row key: a hash of the lowercased email, so what people typed (sometimes a password) is not kept. */
export function signInKey(email: string): string {
  return crypto.createHash("sha256").update(email.trim().toLowerCase()).digest("hex");
}

export function signInGuard(db: Db, limits: SignInLimits = SIGN_IN_LIMITS, clock: () => number = Date.now) {
  let prunedAt = 0;

  /** Counts an attempt for the email unless the account is locked; a refused attempt changes nothing. */
  async function begin(email: string): Promise<SignInAttempt> {
    const key = signInKey(email);
    await pruneNow();
    for (let attempt = 0; attempt < 3; attempt++) {
      const now = BigInt(clock());
      // The right-hand sides read the row as it was (UPDATE semantics). `fresh`: the last attempt and its lock are
      // long past, so counting starts again at 1. Otherwise the attempt that reaches lockAfter, and each one after,
      // locks for firstLockMs · 2^(count − lockAfter), capped at maxLockMs.
      const sql = dialect();
      const fresh = Prisma.sql`${now} - ${sql.greatest(Prisma.sql`"SignInFailure"."lastAttemptAt"`, Prisma.sql`"SignInFailure"."lockedUntil"`)} >= ${BigInt(limits.forgetAfterMs)}`;
      const next = Prisma.sql`("SignInFailure"."count" + 1)`;
      const shift = sql.least(Prisma.sql`${next} - ${limits.lockAfter}`, Prisma.sql`20`);
      const lockMs = sql.least(
        Prisma.sql`(CAST(${limits.firstLockMs} AS BIGINT) << ${shift})`,
        Prisma.sql`${BigInt(limits.maxLockMs)}`,
      );
      const counted = await db.$executeRaw`
        INSERT INTO "SignInFailure" ("key", "count", "lockedUntil", "lastAttemptAt") VALUES (${key}, 1, 0, ${now})
        ON CONFLICT ("key") DO UPDATE SET
          "count" = CASE WHEN ${fresh} THEN 1 ELSE ${next} END,
          "lockedUntil" = CASE WHEN ${fresh} THEN 0 WHEN ${next} >= ${limits.lockAfter} THEN ${now} + ${lockMs} ELSE 0 END,
          "lastAttemptAt" = ${now}
        WHERE "SignInFailure"."lockedUntil" <= ${now}`;
      if (counted > 0) return { allowed: true };
      const [row] = await db.$queryRaw<{ lockedUntil: bigint | number }[]>`
        SELECT "lockedUntil" FROM "SignInFailure" WHERE "key" = ${key}`;
      const waitMs = row ? Number(row.lockedUntil) - clock() : 0;
      // The lock ended (or the row went) between the two statements: count the attempt again.
      if (waitMs <= 0) continue;
      return { allowed: false, retryAfterSeconds: Math.ceil(waitMs / 1000) };
    }
    return { allowed: false, retryAfterSeconds: 1 };
  }

  /** A successful sign-in: the account starts again from zero. */
  async function succeeded(email: string): Promise<void> {
    await db.$executeRaw`DELETE FROM "SignInFailure" WHERE "key" = ${signInKey(email)}`;
  }

  /** Drops rows that would count as fresh anyway, at most once a minute per process. */
  async function pruneNow(): Promise<void> {
    const now = clock();
    if (now - prunedAt < PRUNE_EVERY_MS) return;
    prunedAt = now;
    const cutoff = BigInt(now - limits.forgetAfterMs - limits.maxLockMs);
    await db.$executeRaw`DELETE FROM "SignInFailure" WHERE "lastAttemptAt" < ${cutoff}`;
  }

  return { begin, succeeded };
}
