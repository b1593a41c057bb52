// SQLite answers SQLITE_BUSY (Prisma P1008) at once, without waiting, when a transaction that already read must
// write after the other process (web or worker) wrote. The transaction was rolled back, so running it again is
// safe; a few quick retries turn that race into a short delay instead of an error.

const ATTEMPTS = 6;

export function isBusy(err: unknown): boolean {
  return (err as { code?: string })?.code === "P1008";
}

export async function retryBusy<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await fn();
    } catch (err) {
      if (!isBusy(err) || attempt >= ATTEMPTS) throw err;
      await new Promise((r) => setTimeout(r, 5 * 2 ** attempt + Math.random() * 20));
    }
  }
}
