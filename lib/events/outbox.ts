// The outbox: an event is a row of the Event table written in the same transaction as the change it announces, so
// no change is announced that did not happen and none happens unannounced, whatever process dies when. Workers
// tail the table (lib/events/feed.ts) and deliver each event to the browsers in its rooms and to their own parts.
import { db, type Db, type Tx } from "../db";
import type { Prisma } from "../db/client-types";
import { parsePublishedEvent, type PublishedEvent } from "../realtime/events";

/** What every change that announces itself writes: a checked event (name, versioned payload, rooms). */
export type OutboxEvent = PublishedEvent;

function rowsOf(events: OutboxEvent[]): Prisma.EventCreateManyInput[] {
  return events.map((event) => {
    const parsed = parsePublishedEvent(event);
    // An event that does not match its schema is a bug in the code that made it: fail the change, loudly.
    if (!parsed.ok) throw new Error(`invalid ${String(event?.name)} event: ${parsed.error}`);
    return { name: parsed.event.name, payload: JSON.stringify(parsed.event.payload), rooms: JSON.stringify(parsed.event.rooms) };
  });
}

/**
 * The statements that append `events`, for a batch transaction: `db.$transaction([change, ...eventWrites(events)])`.
 * On PostgreSQL the client wakes the workers listening once the transaction has committed (lib/db/pg-wake.ts).
 */
export function eventWrites(events: OutboxEvent[], client: Db = db): Prisma.PrismaPromise<unknown>[] {
  if (events.length === 0) return [];
  return [client.event.createMany({ data: rowsOf(events) })];
}

/** Appends `events` inside an interactive transaction (or alone, when the change was a single earlier statement). */
export async function appendEvents(tx: Tx, events: OutboxEvent[]): Promise<void> {
  if (events.length === 0) return;
  await tx.event.createMany({ data: rowsOf(events) });
}

/** Runs the statements and appends the events in one transaction; answers the statements' results. */
export async function withEvents<T extends readonly Prisma.PrismaPromise<unknown>[]>(
  statements: [...T],
  events: OutboxEvent[],
): Promise<{ [K in keyof T]: Awaited<T[K]> }> {
  const results = await db.$transaction([...statements, ...eventWrites(events)]);
  return results.slice(0, statements.length) as { [K in keyof T]: Awaited<T[K]> };
}
