// Tests announce events as the code that changes state does: a row appended to the outbox, which every worker's
// feed reads and delivers. The promise settles once the row is written.
import { db } from "@/lib/db";
import { appendEvents } from "@/lib/events/outbox";
import type { PublishedEvent } from "@/lib/realtime/events";

export function publish(event: PublishedEvent): Promise<void> {
  return appendEvents(db, [event]);
}
