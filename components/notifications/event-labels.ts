// What each notification event is called on screen.
import { NOTIFICATION_EVENTS } from "@/lib/notifications/events";

export const EVENT_LABELS: Record<(typeof NOTIFICATION_EVENTS)[number], string> = {
  "approval.requested": "An approval is requested",
  "approval.reminder": "A reminder about an approval",
  "approval.decided": "An approval is decided",
  "approval.expired": "An approval expired",
  "execution.failed": "A run of my agent failed",
  "schedule.auto_paused": "A schedule of my agent was paused after failures",
};

export const ALL_EVENTS = NOTIFICATION_EVENTS;
