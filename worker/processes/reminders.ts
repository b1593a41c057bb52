// Reminders and escalation of pending approvals. Each due reminder is one conditional write on the approval (its
// reminder count as read, still pending), which also moves nextReminderAt to the first reminder time after now — so
// several workers send it once, and reminders missed while every worker was down come as one at start — and appends
// the approval_reminder events in the same transaction. The reminder after `escalateAfter` unanswered ones also adds
// the step's escalate_to to the approvers (once: escalatedAt), and tells the new approvers with escalated: true.
import { approversOf, parseJson } from "@/lib/approvals/dto";
import { type ApprovalForEvent, approvalEventsTo, eligibleUserIds } from "@/lib/approvals/recipients";
import type { Db, Tx } from "@/lib/db";
import { appendEvents } from "@/lib/events/outbox";
import { nextReminderAt } from "@/lib/processes/reminders";
import type { PublishedEvent } from "@/lib/realtime/events";
import { ensure, guarded } from "./transitions";

/** due approvals handled per pass; the rest wait for the next second */
const BATCH = 100;

export interface SentReminder {
  approvalId: string;
  runId: string;
  reminder: number;
  escalated: boolean;
}

type ApprovalRow = NonNullable<Awaited<ReturnType<typeof readApproval>>>;

const readApproval = (tx: Tx, id: string) =>
  tx.approval.findUnique({ where: { id }, include: { decisions: { select: { userId: true } } } });

/** The approval_reminder events to `ids` minus those who decided (null: anyone signed in). */
function reminderEvents(
  a: ApprovalForEvent & { deadlineAt: Date | null },
  ids: string[] | null,
  decided: Set<string>,
  extra: { reminder: number; escalated: boolean },
): PublishedEvent[] {
  const to = ids === null ? null : ids.filter((id) => !decided.has(id));
  if (to !== null && to.length === 0) return [];
  return approvalEventsTo("approval_reminder", a, to).map((e) => ({
    ...e,
    payload: { ...e.payload, deadlineAt: a.deadlineAt?.toISOString() ?? null, ...extra },
  }));
}

function plan(a: ApprovalRow, now: Date) {
  const sent = a.remindersSent + 1;
  const escalateTo = parseJson<string[]>(a.escalateTo, []);
  const escalates = escalateTo.length > 0 && a.escalatedAt === null && sent > a.escalateAfter;
  const before = approversOf(a);
  const after = escalates
    ? [...before, ...escalateTo.filter((e) => !before.some((b) => b.toLowerCase() === e.toLowerCase()))]
    : before;
  const next = nextReminderAt(
    { offsets: parseJson<number[]>(a.reminderOffsets, []), every: a.remindEvery },
    a.createdAt.getTime(),
    a.deadlineAt?.getTime() ?? null,
    now.getTime(),
    sent,
  );
  return { sent, escalates, before, after, next: next === null ? null : new Date(next) };
}

/** Sends the approval's due reminder; null when it is not due, or another worker sent it first. */
function sendReminder(db: Db, approvalId: string, now: Date): Promise<SentReminder | null> {
  return guarded(db, async (tx) => {
    const a = await readApproval(tx, approvalId);
    if (!a || a.status !== "pending" || !a.nextReminderAt || a.nextReminderAt > now) return null;
    if (a.deadlineAt && a.deadlineAt <= now) return null;
    const p = plan(a, now);
    ensure(
      (
        await tx.approval.updateMany({
          where: { id: a.id, status: "pending", remindersSent: a.remindersSent },
          data: {
            remindersSent: p.sent,
            lastReminderAt: now,
            nextReminderAt: p.next,
            ...(p.escalates ? { approvers: JSON.stringify(p.after), escalatedAt: now } : {}),
          },
        })
      ).count,
    );
    const decided = new Set(a.decisions.map((d) => d.userId));
    const old = { ...a, approvers: p.before };
    const oldIds = await eligibleUserIds(old, tx);
    const events = reminderEvents(old, oldIds, decided, { reminder: p.sent, escalated: false });
    if (p.escalates) {
      const known = new Set(oldIds ?? []);
      const newIds = ((await eligibleUserIds({ ...a, approvers: p.after }, tx)) ?? []).filter((id) => !known.has(id));
      events.push(
        ...reminderEvents({ ...a, approvers: p.after }, newIds, decided, { reminder: p.sent, escalated: true }),
      );
    }
    await appendEvents(tx, events);
    return { approvalId: a.id, runId: a.runId, reminder: p.sent, escalated: p.escalates };
  });
}

/** Every reminder due now, each sent by whichever worker's write lands first. */
export async function sendDueReminders(db: Db, now: Date): Promise<SentReminder[]> {
  const due = await db.approval.findMany({
    where: { status: "pending", nextReminderAt: { lte: now } },
    orderBy: { nextReminderAt: "asc" },
    take: BATCH,
    select: { id: true },
  });
  const sent: SentReminder[] = [];
  for (const { id } of due) {
    const done = await sendReminder(db, id, now);
    if (done) sent.push(done);
  }
  return sent;
}
