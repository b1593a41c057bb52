// The outbox: an event is a row of the Event table written in the same transaction as the change it announces, so
// no change is announced that did not happen and none happens unannounced, whatever process dies when. Workers
// tail the table (lib/events/feed.ts) and deliver each event to the browsers in its rooms and to their own parts.
import { type Db, db, dialect, executeOn, type Sql, type SqlDatabase, type StatementOptions, type Tx } from "@/lib/db";
import { Prisma } from "@/lib/db/client-types";
import { type PublishedEvent, parsePublishedEvent } from "@/lib/realtime/events";

/** What every change that announces itself writes: a checked event (name, versioned payload, rooms). */
export type OutboxEvent = PublishedEvent;

/** Rows per INSERT: 4 values a row, well under either database's limit on bound values. */
const EVENT_CHUNK = 500;

const EVENT_INSERT = Prisma.sql`INSERT INTO "Event" ("name", "payload", "rooms", "createdAt")`;

/** An event's row values, checked against its schema. */
function eventValues(event: OutboxEvent, now: Date): Prisma.Sql[] {
  const parsed = parsePublishedEvent(event);
  // An event that does not match its schema is a bug in the code that made it: fail the change, loudly.
  if (!parsed.ok) throw new Error(`invalid ${String(event?.name)} event: ${parsed.error}`);
  const { name, payload, rooms } = parsed.event;
  return [
    Prisma.sql`${name}`,
    Prisma.sql`${JSON.stringify(payload)}`,
    Prisma.sql`${JSON.stringify(rooms)}`,
    Prisma.sql`${now}`,
  ];
}

/**
 * The INSERTs of the events' rows: plain multi-row statements both databases run (Prisma's createMany spends a good
 * part of a millisecond a row building its statement, and a burst of fired slots writes thousands).
 */
function insertStatements(events: OutboxEvent[]): Prisma.Sql[] {
  const now = new Date();
  const values = events.map((event) => Prisma.sql`(${Prisma.join(eventValues(event, now))})`);
  const out: Prisma.Sql[] = [];
  for (let i = 0; i < values.length; i += EVENT_CHUNK)
    out.push(Prisma.sql`${EVENT_INSERT} VALUES ${Prisma.join(values.slice(i, i + EVENT_CHUNK))}`);
  return out;
}

/**
 * `change` — one row's INSERT or UPDATE, ending in `RETURNING` — and, only when it wrote the row, `event` with it,
 * all or nothing: one statement on PostgreSQL, a transaction on SQLite (the dialect's writeWithRow). The hot paths'
 * way to announce a change: queueing a task, recording a run's result. Answers the row, or null when none was written.
 */
export async function changeWithEvent<T>(
  sql: SqlDatabase,
  change: Prisma.Sql,
  event: OutboxEvent,
  options?: StatementOptions,
): Promise<T | null> {
  const [row] = await dialect().writeWithRow<T>(
    sql,
    change,
    { into: EVENT_INSERT, values: eventValues(event, new Date()) },
    options,
  );
  return row ?? null;
}

/**
 * The statements that append `events`, for a batch transaction: `db.$transaction([change, ...eventWrites(events)])`.
 * On PostgreSQL the client wakes the workers listening once the transaction has committed (lib/db/pg-wake.ts).
 */
export function eventWrites(events: OutboxEvent[], client: Db = db): Prisma.PrismaPromise<unknown>[] {
  return events.length === 0 ? [] : insertStatements(events).map((statement) => client.$executeRaw(statement));
}

/**
 * Appends `events` inside a transaction, the client's or a plain-SQL one (lib/db/sql.ts), or alone when the change
 * was a single earlier statement.
 */
export async function appendEvents(tx: Sql | Tx, events: OutboxEvent[]): Promise<void> {
  for (const statement of insertStatements(events)) await executeOn(tx, statement);
}

/** Runs the statements and appends the events in one transaction; answers the statements' results. */
export async function withEvents<T extends readonly Prisma.PrismaPromise<unknown>[]>(
  statements: [...T],
  events: OutboxEvent[],
): Promise<{ [K in keyof T]: Awaited<T[K]> }> {
  const results = await db.$transaction([...statements, ...eventWrites(events)]);
  return results.slice(0, statements.length) as { [K in keyof T]: Awaited<T[K]> };
}
