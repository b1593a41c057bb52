// The events people and programs can be notified of, and which outbox events (lib/realtime/events.ts) they come
// from. The outbox is the source: a notification goes out only for a change that was committed.
import { z } from "zod";
import type { EventPayload, PublishedEvent } from "@/lib/realtime/events";

export const NOTIFICATION_EVENTS = [
  "approval.requested",
  "approval.reminder",
  "approval.decided",
  "approval.expired",
  "execution.failed",
  "schedule.auto_paused",
] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];
export const NotificationEventName = z.enum(NOTIFICATION_EVENTS);

/** The statuses an approval is decided with (a timeout is approval.expired). */
const DECIDED_STATUSES = new Set(["approved", "rejected", "changes_requested"]);

/** Final statuses of a run that count as a failure worth telling its agent's owner. */
const FAILED_RUN_STATUSES = new Set(["failed", "timed_out"]);

export type Notifiable =
  | {
      event: "approval.requested" | "approval.decided" | "approval.expired";
      payload: EventPayload<"approval_required">;
    }
  | { event: "approval.reminder"; payload: EventPayload<"approval_reminder"> }
  | { event: "execution.failed"; payload: EventPayload<"execution_finished"> }
  | { event: "schedule.auto_paused"; payload: EventPayload<"schedule_changed"> };

/** The notification an outbox event makes, or null when it makes none (parsed events only: the feed checked them). */
export function notifiableOf(e: Pick<PublishedEvent, "name" | "payload">): Notifiable | null {
  switch (e.name) {
    case "approval_required":
      return { event: "approval.requested", payload: e.payload as EventPayload<"approval_required"> };
    case "approval_reminder":
      return { event: "approval.reminder", payload: e.payload as EventPayload<"approval_reminder"> };
    case "approval_decided": {
      const payload = e.payload as EventPayload<"approval_decided">;
      if (DECIDED_STATUSES.has(payload.status)) return { event: "approval.decided", payload };
      if (payload.status === "timed_out") return { event: "approval.expired", payload };
      return null;
    }
    case "execution_finished": {
      const payload = e.payload as EventPayload<"execution_finished">;
      return FAILED_RUN_STATUSES.has(payload.status) ? { event: "execution.failed", payload } : null;
    }
    case "schedule_changed": {
      const payload = e.payload as EventPayload<"schedule_changed">;
      return payload.change === "auto_paused" ? { event: "schedule.auto_paused", payload } : null;
    }
    default:
      return null;
  }
}

/** The outbox event names worth reading at all (the fan-out skips the rest in SQL). */
export const SOURCE_EVENT_NAMES = [
  "approval_required",
  "approval_reminder",
  "approval_decided",
  "execution_finished",
  "schedule_changed",
] as const;
