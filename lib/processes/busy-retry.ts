// Why transactions here are retried: the Prisma SQLite adapter runs every query of a process on one connection, so
// a query another request issues while a transaction is open lands inside it. A read there takes a snapshot, and
// the transaction's own write then fails at once as busy (SQLITE_BUSY, or SQLITE_BUSY_SNAPSHOT when the other
// process wrote since; see lib/db/errors.ts) if the other process (web or worker) writes or wrote meanwhile. The
// transaction was rolled back, so running it again is safe; retries with a random delay turn that race into a short
// wait instead of an error.
//
// A busy error can also come after the full busy timeout, when something outside Cadre holds the write lock; each
// such attempt stands the process still for that timeout, so retrying stops after 8 s and the engine's next pass
// takes over.
import { retryWhileBusy } from "../db/errors";

export function retryBusy<T>(fn: () => Promise<T>): Promise<T> {
  return retryWhileBusy(fn, { attempts: 20, budgetMs: 8_000, maxDelayMs: 150 });
}
