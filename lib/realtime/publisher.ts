// Announcing a change that was written on its own: the event is appended to the outbox after it (lib/events), and
// every worker delivers it. Changes that can do so write their event in the same transaction instead
// (appendEvents/eventWrites); this is for announcements that are hints (a closed connection) and for code that has
// not moved to that yet. Never throws and never blocks the caller: a failure is logged.
import { db } from "../db";
import { appendEvents } from "../events/outbox";
import { createLog } from "../log";
import type { PublishedEvent } from "./events";

const log = createLog("realtime");

export function publish(event: PublishedEvent): void {
  appendEvents(db, [event]).catch((err: unknown) => log.error(`could not append ${String(event?.name)}`, err));
}
