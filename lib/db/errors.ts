// The database's errors by kind, as the dialects recognise them (lib/db/dialect/*), so domain code asks
// `isBusyError(err)` instead of matching codes itself. An error is checked against both dialects: the codes do not
// overlap, and the web's error translator needs no database state to use this.
import { postgres } from "./dialect/postgres";
import { sqlite } from "./dialect/sqlite";
import { errorCodes } from "./dialect/types";

/**
 * Prisma's own refusal of an interactive transaction: no connection came free within maxWait (a burst of requests
 * holds the pool), or it ran out of time. Either way nothing of it was written.
 */
const TRANSACTION_NOT_STARTED = "P2028";

/**
 * True when the database refused for now (a lock held elsewhere, a lost serialization race, every connection taken):
 * worth trying again.
 */
export function isBusyError(err: unknown): boolean {
  return sqlite.isBusy(err) || postgres.isBusy(err) || errorCodes(err).includes(TRANSACTION_NOT_STARTED);
}

/** A unique index refused the row. */
export function isUniqueViolation(err: unknown): boolean {
  return sqlite.isUniqueViolation(err) || postgres.isUniqueViolation(err);
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
