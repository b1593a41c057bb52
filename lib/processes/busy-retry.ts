// Why transactions here are retried: the Prisma SQLite adapter runs every query of a process on one connection, so
// a query another request issues while a transaction is open lands inside it. A read there takes a snapshot, and
// the transaction's own write then fails at once with SQLITE_BUSY (Prisma P1008) if the other process (web or
// worker) wrote since. The transaction was rolled back, so running it again is safe; retries with a random delay
// turn that race into a short wait instead of an error.

const ATTEMPTS = 20;
const MAX_DELAY_MS = 150;

export function isBusy(err: unknown): boolean {
  return (err as { code?: string })?.code === "P1008";
}

export async function retryBusy<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await fn();
    } catch (err) {
      if (!isBusy(err) || attempt >= ATTEMPTS) throw err;
      await new Promise((r) => setTimeout(r, Math.random() * Math.min(MAX_DELAY_MS, 10 * attempt)));
    }
  }
}
