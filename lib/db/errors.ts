// How the database's errors are recognised, in one place (the dialect's codes as they reach us through Prisma's
// driver adapters), so domain code asks `isBusyError(err)` instead of matching codes itself. No imports: the web's
// error translator uses this too.
//
// A write that meets another connection's write lock reaches us, once SQLite's busy timeout has run out, as:
// - a model query (create, updateMany, …): PrismaClientKnownRequestError P1008 "Operation has timed out", with
//   meta.driverAdapterError.cause = { kind: "SocketTimeout", originalCode: "SQLITE_BUSY", originalMessage: "database is locked" };
// - a raw query ($queryRaw, $executeRaw) or a batch transaction: P2010 "Raw query failed. Code: `SQLITE_BUSY`" with the
//   same meta;
// - a write inside a transaction whose snapshot another connection has written past: at once, without waiting, as a
//   PrismaClientKnownRequestError whose code is the extended code itself, "SQLITE_BUSY_SNAPSHOT" (the adapter passes
//   codes it does not know through unmapped);
// - better-sqlite3 used directly: SqliteError with code "SQLITE_BUSY" (or an extended SQLITE_BUSY_* / SQLITE_LOCKED_*).
// PostgreSQL's serialization failures and deadlocks arrive as P2034 ("write conflict or a deadlock; retry"): the
// transaction was rolled back and running it again is safe, the same answer as busy.

const SQLITE_BUSY_CODE = /^SQLITE_(BUSY|LOCKED)(_[A-Z]+)?$/;
const WRITE_CONFLICT = "P2034";

interface Coded {
  code?: unknown;
  originalCode?: unknown;
  meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } };
  cause?: unknown;
}

function busyCode(code: unknown): boolean {
  return typeof code === "string" && SQLITE_BUSY_CODE.test(code);
}

/** True when the database refused for now because another connection holds a lock: worth trying again shortly. */
export function isBusyError(err: unknown): boolean {
  // The error itself, then what it wraps (an Error's cause, a driver adapter error's cause), a few levels deep.
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e !== null && typeof e === "object"; depth++) {
    const c = e as Coded;
    if (busyCode(c.code) || busyCode(c.originalCode) || c.code === WRITE_CONFLICT) return true;
    if (busyCode(c.meta?.driverAdapterError?.cause?.originalCode)) return true;
    e = c.cause;
  }
  return false;
}

/** A unique index refused the row (Prisma P2002). */
export function isUniqueViolation(err: unknown): boolean {
  return (err as Coded | null)?.code === "P2002";
}

export interface BusyRetryOptions {
  /** attempts in all (default 20) */
  attempts?: number;
  /** no new attempt once this long has passed since the first (default 8 s) */
  budgetMs?: number;
  /** the random pause before attempt n is up to min(maxDelayMs, 10·n) ms (default 150) */
  maxDelayMs?: number;
}

/**
 * Runs `fn` again while it fails as busy, with a short random pause between attempts, within the attempts and the
 * time budget; any other error, or the last busy one, is thrown. Only for work that is safe to repeat: a transaction
 * (rolled back when it failed) or a single conditional statement.
 */
export async function retryWhileBusy<T>(fn: () => Promise<T>, opts: BusyRetryOptions = {}): Promise<T> {
  const { attempts = 20, budgetMs = 8_000, maxDelayMs = 150 } = opts;
  const deadline = Date.now() + budgetMs;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await fn();
    } catch (err) {
      if (!isBusyError(err) || attempt >= attempts || Date.now() >= deadline) throw err;
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(maxDelayMs, 10 * attempt)));
    }
  }
}
