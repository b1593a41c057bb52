// PostgreSQL: the processes tailing the outbox LISTEN for a wake-up, and this wrapper of the pg driver adapter sends
// it once a transaction that appended events has committed (or a lone statement that appended some has run).
//
// Not a NOTIFY inside the transaction: PostgreSQL serializes the commits of every transaction that has notified (one
// lock for the whole cluster's notification queue, held through the commit's flush to disk), so with every change
// announcing itself, each commit would wait for all the others. A wake-up is only a hint — the tail reads the Event
// table from its last id, and polls every second too — so it can follow the commit instead, and wake-ups that come
// while one is being sent are folded into one more.
import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";
import { EVENTS_CHANNEL } from "./dialect/types";

/** An INSERT into the Event table, schema-qualified or not: a statement of its own or in a CTE (writeWithRow). */
const APPENDS_EVENTS = /\bINSERT\s+INTO\s+(?:"[^"]+"\.)?"Event"/i;

/** Whether the statement appends events, so that its commit must wake the listeners. */
export const appendsEvents = (sql: string): boolean => APPENDS_EVENTS.test(sql);

/** The wake-up: one notification on the outbox's channel. */
export const NOTIFY_SQL = `SELECT pg_notify('${EVENTS_CHANNEL}', '')`;

/** Sends one NOTIFY at a time with `notify`; asked again while one is on its way, it sends another after it. */
export function waker(notify: () => Promise<unknown>): () => void {
  let sending = false;
  let again = false;
  const send = (): void => {
    sending = true;
    again = false;
    notify()
      // A wake-up that could not be sent is covered by the tails' poll.
      .catch(() => undefined)
      .finally(() => {
        sending = false;
        if (again) send();
      });
  };
  return () => {
    if (sending) again = true;
    else send();
  };
}

function watchedTransaction(inner: Transaction, wake: () => void): Transaction {
  let appended = false;
  const note = (q: SqlQuery) => {
    if (appendsEvents(q.sql)) appended = true;
  };
  return {
    get provider() {
      return inner.provider;
    },
    get adapterName() {
      return inner.adapterName;
    },
    get options() {
      return inner.options;
    },
    queryRaw: (q) => (note(q), inner.queryRaw(q)),
    executeRaw: (q) => (note(q), inner.executeRaw(q)),
    // Prisma runs COMMIT as a statement and calls commit() once it has succeeded.
    async commit() {
      await inner.commit();
      if (appended) wake();
    },
    rollback: () => inner.rollback(),
  };
}

function watched(inner: SqlDriverAdapter, wake: () => void): SqlDriverAdapter {
  const lone = async <T>(q: SqlQuery, run: () => Promise<T>): Promise<T> => {
    const result = await run();
    if (appendsEvents(q.sql)) wake();
    return result;
  };
  return {
    get provider() {
      return inner.provider;
    },
    get adapterName() {
      return inner.adapterName;
    },
    queryRaw: (q) => lone(q, () => inner.queryRaw(q)),
    executeRaw: (q) => lone(q, () => inner.executeRaw(q)),
    executeScript: (script) => inner.executeScript(script),
    startTransaction: async (isolationLevel) => watchedTransaction(await inner.startTransaction(isolationLevel), wake),
    getConnectionInfo: inner.getConnectionInfo?.bind(inner),
    dispose: () => inner.dispose(),
  };
}

/** Wraps the pg adapter factory so that appended events wake the listening processes (`wake`) after they are committed. */
export function wakeListenersAfterCommit(factory: SqlDriverAdapterFactory, wake: () => void): SqlDriverAdapterFactory {
  return {
    get provider() {
      return factory.provider;
    },
    get adapterName() {
      return factory.adapterName;
    },
    connect: async () => watched(await factory.connect(), wake),
  };
}
