// One SQLite connection serves a whole process, and better-sqlite3's driver adapter lets a statement from anywhere
// in the process run on it while a transaction is open there: that statement joins the transaction, and a rollback
// undoes it although its caller was told it succeeded. This wrapper gives the connection to one unit of work at a
// time — a statement, or a transaction from BEGIN to COMMIT/ROLLBACK — so nothing joins a transaction it is not
// part of. Statements are synchronous in better-sqlite3, so the queue only waits while a transaction is open;
// keep transactions to database work (no network, no files, no timers inside).
import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";
import { sqlite } from "./dialect/sqlite";

/**
 * Told when a statement met another connection's lock. better-sqlite3 waits for it synchronously, so the whole
 * process stood still meanwhile: the scheduler reads this to say why slots came late.
 */
type OnBusy = () => void;

function watched<T>(p: Promise<T>, onBusy?: OnBusy): Promise<T> {
  if (!onBusy) return p;
  return p.catch((err: unknown) => {
    if (sqlite.isBusy(err)) onBusy();
    throw err;
  });
}

/** How long a unit of work may wait for the connection before it fails (a transaction that never ends). */
const WAIT_LIMIT_MS = 30_000;

class ConnectionQueue {
  private tail: Promise<void> = Promise.resolve();

  /** Resolves with a release function once every unit queued before has released. */
  acquire(): Promise<() => void> {
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const before = this.tail;
    this.tail = before.then(() => mine);
    return new Promise((resolve, reject) => {
      let gaveUp = false;
      const timer = setTimeout(() => {
        gaveUp = true;
        reject(new Error(`the SQLite connection was held by a transaction for over ${WAIT_LIMIT_MS / 1000} s`));
      }, WAIT_LIMIT_MS);
      timer.unref();
      void before.then(() => {
        clearTimeout(timer);
        // A caller that stopped waiting passes its turn on at once.
        if (gaveUp) release();
        else resolve(release);
      });
    });
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

/**
 * A transaction on the connection, begun IMMEDIATE: it takes SQLite's write lock at its start (waiting out another
 * process's writer, up to the busy timeout) instead of at its first write, where a transaction that read first would
 * fail at once with SQLITE_BUSY_SNAPSHOT had another process written meanwhile. Prisma sends COMMIT or ROLLBACK
 * itself; commit() and rollback() only hand the connection on.
 */
function immediateTransaction(inner: SqlDriverAdapter, release: () => void, onBusy?: OnBusy): Transaction {
  let released = false;
  const once = () => {
    if (!released) release();
    released = true;
    return Promise.resolve();
  };
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    options: { usePhantomQuery: false },
    queryRaw: (q: SqlQuery) => watched(inner.queryRaw(q), onBusy),
    executeRaw: (q: SqlQuery) => watched(inner.executeRaw(q), onBusy),
    commit: once,
    rollback: once,
  };
}

function serialized(inner: SqlDriverAdapter, onBusy?: OnBusy): SqlDriverAdapter {
  const queue = new ConnectionQueue();
  return {
    get provider() {
      return inner.provider;
    },
    get adapterName() {
      return inner.adapterName;
    },
    queryRaw: (q) => queue.run(() => watched(inner.queryRaw(q), onBusy)),
    executeRaw: (q) => queue.run(() => watched(inner.executeRaw(q), onBusy)),
    executeScript: (script) => queue.run(() => inner.executeScript(script)),
    async startTransaction() {
      const release = await queue.acquire();
      try {
        await watched(inner.executeRaw({ sql: "BEGIN IMMEDIATE", args: [], argTypes: [] }), onBusy);
        return immediateTransaction(inner, release, onBusy);
      } catch (err) {
        release();
        throw err;
      }
    },
    getConnectionInfo: inner.getConnectionInfo?.bind(inner),
    dispose: () => inner.dispose(),
  };
}

/** Wraps an adapter factory so that each connection it opens serves one unit of work at a time. */
export function serializedSqlite(factory: SqlDriverAdapterFactory, onBusy?: OnBusy): SqlDriverAdapterFactory {
  return {
    get provider() {
      return factory.provider;
    },
    get adapterName() {
      return factory.adapterName;
    },
    connect: async () => serialized(await factory.connect(), onBusy),
  };
}
