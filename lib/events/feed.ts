// A process's tail of the outbox: it reads the events appended after the last one it saw and hands each to its
// listeners (the socket hub, the scheduler, the process engine, the runner). PostgreSQL wakes it with NOTIFY and a
// slow poll covers a missed wake-up; SQLite is polled often (the read of the newest id costs microseconds). A missed
// wake-up delays an event, never loses it.
//
// Ids come from a sequence, so on PostgreSQL an event can commit after one with a higher id (two transactions, the
// later id first): a jump in the ids is remembered and the missing ones are looked for again for a while, so such
// an event is delivered late instead of never. A missing id that never appears was a rolled-back insert.
import type { Db, Dialect, Sql } from "@/lib/db";
import { Prisma } from "@/lib/db/client-types";
import { type PublishedEvent, parsePublishedEvent } from "@/lib/realtime/events";

export interface FeedEvent extends PublishedEvent {
  id: bigint;
  createdAt: Date;
}

export type FeedListener = (event: FeedEvent) => void | Promise<void>;

export interface EventFeedOptions {
  /** plain SQL on the process's connection (lib/db/sql.ts): the feed reads after every wake-up */
  sql: Sql;
  dialect: Dialect;
  /** the database URL, for a listening connection where the dialect has one */
  url: string;
  /** how often to read when nothing woke the feed (default: 50 ms without a listener, 1 s with one) */
  pollMs?: number;
  /** how long a missing id is looked for (default 10 s) */
  gapWaitMs?: number;
  log: { warn(message: string): void; error(message: string, err?: unknown): void };
}

export interface EventFeed {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Hears every event appended after start(); returns a function that stops it. */
  subscribe(listener: FeedListener): () => void;
  /** Reads now (tests and a process's own writes). */
  poll(): Promise<void>;
  /** the id of the newest event handed out */
  readonly lastId: bigint;
}

interface EventRow {
  id: bigint | number;
  name: string;
  payload: string;
  rooms: string;
  createdAt: Date | string;
}

const BATCH = 500;

export function createEventFeed(opts: EventFeedOptions): EventFeed {
  const { sql, dialect, log } = opts;
  const gapWaitMs = opts.gapWaitMs ?? 10_000;
  const listeners = new Set<FeedListener>();
  /** ids skipped over, with when the jump was seen */
  const gaps = new Map<bigint, number>();
  let cursor = 0n;
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let reading: Promise<void> | null = null;
  let again = false;
  const wake = () => void read();
  const listener = dialect.listenForEvents(opts.url, wake, (err) =>
    log.warn(`listening for events failed: ${String(err)}; polling meanwhile`),
  );
  const pollMs = opts.pollMs ?? (listener ? 1_000 : 50);

  function toEvent(row: EventRow): FeedEvent | null {
    try {
      const parsed = parsePublishedEvent({
        name: row.name,
        payload: JSON.parse(row.payload),
        rooms: JSON.parse(row.rooms),
      });
      if (!parsed.ok) {
        log.warn(`event ${row.id} (${row.name}) does not match its schema and is skipped: ${parsed.error}`);
        return null;
      }
      return { ...parsed.event, id: BigInt(row.id), createdAt: new Date(row.createdAt) };
    } catch (err) {
      log.warn(`event ${row.id} is not readable and is skipped: ${String(err)}`);
      return null;
    }
  }

  async function deliver(event: FeedEvent): Promise<void> {
    for (const l of listeners) {
      try {
        await l(event);
      } catch (err) {
        log.error(`a listener of ${event.name} failed`, err);
      }
    }
  }

  async function readGaps(): Promise<EventRow[]> {
    if (gaps.size === 0) return [];
    const now = Date.now();
    for (const [id, seen] of gaps) if (now - seen > gapWaitMs) gaps.delete(id);
    if (gaps.size === 0) return [];
    const ids = [...gaps.keys()];
    const rows = await sql.query<EventRow>(
      Prisma.sql`SELECT * FROM "Event" WHERE "id" IN (${Prisma.join(ids.map(Number))}) ORDER BY "id"`,
    );
    for (const row of rows) gaps.delete(BigInt(row.id));
    return rows;
  }

  async function readOnce(): Promise<number> {
    const late = await readGaps();
    const rows = await sql.query<EventRow>(
      Prisma.sql`SELECT * FROM "Event" WHERE "id" > ${Number(cursor)} ORDER BY "id" LIMIT ${BATCH}`,
      { prepare: true },
    );
    let expected = cursor + 1n;
    for (const row of rows) {
      const id = BigInt(row.id);
      // On PostgreSQL only: SQLite's single writer commits ids in order.
      if (dialect.name === "postgresql")
        for (let missing = expected; missing < id && gaps.size < 10_000; missing++) gaps.set(missing, Date.now());
      expected = id + 1n;
    }
    if (rows.length > 0) cursor = BigInt(rows[rows.length - 1].id);
    for (const row of [...late, ...rows]) {
      const event = toEvent(row);
      if (event) await deliver(event);
    }
    return rows.length;
  }

  /** One reader at a time; a wake-up during a read makes it read again after. */
  function read(): Promise<void> {
    if (!running) return Promise.resolve();
    if (reading) {
      again = true;
      return reading;
    }
    reading = (async () => {
      try {
        do {
          again = false;
          while ((await readOnce()) === BATCH) {}
        } while (again && running);
      } catch (err) {
        log.warn(`reading events failed: ${String(err)}; trying again`);
      } finally {
        reading = null;
      }
    })();
    return reading;
  }

  const schedule = () => {
    if (!running) return;
    timer = setTimeout(async () => {
      await read();
      schedule();
    }, pollMs);
    timer.unref();
  };

  return {
    get lastId() {
      return cursor;
    },
    async start() {
      const [newest] = await sql.query<{ id: number }>(Prisma.sql`SELECT "id" FROM "Event" ORDER BY "id" DESC LIMIT 1`);
      cursor = newest ? BigInt(newest.id) : 0n;
      running = true;
      if (listener)
        await listener.start().catch((err) => log.warn(`listening for events failed: ${String(err)}; polling`));
      schedule();
    },
    async stop() {
      running = false;
      clearTimeout(timer);
      await listener?.stop();
      await reading;
    },
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    poll: read,
  };
}

/**
 * The longest an event the notifiers' fan-out has not reached yet is kept (lib/notifications/fanout.ts): with every
 * notifier off for this long, older events go anyway rather than fill the disk.
 */
const UNREAD_EVENT_MAX_AGE_MS = 7 * 86_400_000;

/**
 * Deletes events older than `olderThanMs` (every worker may; the statement is the same for all), but none the
 * notifiers' fan-out has still to read (its cursor row), unless older than a week.
 */
export async function pruneEvents(db: Db, olderThanMs: number): Promise<number> {
  const now = Date.now();
  const cursor = await db.notificationCursor.findUnique({ where: { id: "fanout" } });
  const { count } = await db.event.deleteMany({
    where: {
      createdAt: { lt: new Date(now - olderThanMs) },
      ...(cursor
        ? { OR: [{ id: { lte: cursor.lastEventId } }, { createdAt: { lt: new Date(now - UNREAD_EVENT_MAX_AGE_MS) } }] }
        : {}),
    },
  });
  return count;
}
