// When an approval's reminders fall: `reminders` (durations before the deadline) and `remind_every` (an interval from
// the request), merged into one sequence of times before the deadline. The worker only ever asks for the first time
// after a moment, so reminders missed while every worker was down come as one, not one per missed time. Browser-safe:
// definition checks count the slots the same way.
import { durationSeconds, type HumanApprovalStep, REMINDER_LIMITS } from "./schemas";

export interface ReminderSchedule {
  /** seconds before the deadline */
  offsets: number[];
  /** seconds between reminders from the request, or null */
  every: number | null;
}

export function reminderScheduleOf(step: Pick<HumanApprovalStep, "reminders" | "remind_every">): ReminderSchedule {
  return {
    offsets: [...new Set((step.reminders ?? []).map(durationSeconds))].sort((a, b) => b - a),
    every: step.remind_every ? durationSeconds(step.remind_every) : null,
  };
}

export const hasReminders = (s: ReminderSchedule) => s.offsets.length > 0 || s.every !== null;

/**
 * The first reminder time strictly after `after` (ms) and before the deadline, or null when none is left (or the
 * approval already had REMINDER_LIMITS.perApproval reminders).
 */
export function nextReminderAt(
  s: ReminderSchedule,
  createdAt: number,
  deadlineAt: number | null,
  after: number,
  sent: number,
): number | null {
  if (sent >= REMINDER_LIMITS.perApproval) return null;
  const candidates: number[] = [];
  if (deadlineAt !== null) for (const o of s.offsets) candidates.push(deadlineAt - o * 1000);
  if (s.every !== null) {
    const step = s.every * 1000;
    candidates.push(createdAt + (Math.floor(Math.max(0, after - createdAt) / step) + 1) * step);
  }
  const due = candidates.filter((t) => t > after && t > createdAt && (deadlineAt === null || t < deadlineAt));
  return due.length > 0 ? Math.min(...due) : null;
}

/** How many reminders a step's schedule gives an approval with `timeoutSeconds` (Infinity without a deadline). */
export function reminderCount(s: ReminderSchedule, timeoutSeconds: number | null): number {
  if (timeoutSeconds === null) return s.every !== null ? Number.POSITIVE_INFINITY : 0;
  let count = 0;
  let at = 0;
  for (;;) {
    const next = nextReminderAt(s, 0, timeoutSeconds * 1000, at, count);
    if (next === null) return count;
    count += 1;
    at = next;
  }
}

/** What an approval keeps of its step's reminders and escalation, and when its first reminder falls. */
export function reminderFields(
  step: Pick<HumanApprovalStep, "reminders" | "remind_every" | "escalate_to" | "escalate_after">,
  createdAt: Date,
  deadlineAt: Date | null,
) {
  const s = reminderScheduleOf(step);
  const first = nextReminderAt(s, createdAt.getTime(), deadlineAt?.getTime() ?? null, createdAt.getTime(), 0);
  return {
    reminderOffsets: JSON.stringify(s.offsets),
    remindEvery: s.every,
    nextReminderAt: first === null ? null : new Date(first),
    escalateTo: JSON.stringify(step.escalate_to ?? []),
    escalateAfter: step.escalate_after ?? 1,
  };
}
