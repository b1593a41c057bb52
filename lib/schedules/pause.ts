// Pausing a schedule, apart from switching it off: a paused schedule fires nothing (and owes no retries) until it is
// resumed — by a person, by the worker at the pause's `resumeAt`, or never. A pause carries who made it and a note;
// the auto-pause rule pauses a schedule itself after N consecutive failed runs. Slots that fall while paused are not
// caught up: a resume starts the schedule's slots from the moment it resumes, as switching it on does. Every pause
// and resume is one conditional write (paused only if not paused, resumed only if paused), with its ScheduleChange
// row and schedule_changed event in the same transaction, so several workers resuming (or auto-pausing) the same
// schedule do it once.
import { auditActor, SYSTEM_ACTOR } from "@/lib/audit";
import type { Identity } from "@/lib/auth/identity";
import { db, type Tx, transact } from "@/lib/db";
import { conflict, fieldError } from "@/lib/errors";
import { appendEvents } from "@/lib/events/outbox";
import { auditSchedule, recordChange } from "./changes";
import { type ScheduleRow, scheduleInclude, toScheduleDto } from "./dto";
import { scheduleChangedEvent } from "./events";
import { assertCanChange, locate } from "./schedules";
import type { ScheduleDto, SchedulePauseInput } from "./schemas";

/** What a resume writes: the pause cleared; slots start from now (those that fell while paused are not caught up). */
function resumedData(now: Date) {
  return {
    pausedAt: null,
    pausedById: null,
    pauseNote: null,
    resumeAt: null,
    autoPaused: false,
    resumedAt: now,
    lastSlotAt: now,
    version: { increment: 1 },
  };
}

async function reread(tx: Tx, id: string): Promise<ScheduleRow> {
  return tx.schedule.findUniqueOrThrow({ where: { id }, include: scheduleInclude });
}

/** POST …/pause: 409 when already paused; `resumeAt` must be in the future. */
export async function pauseSchedule(
  agentName: string,
  id: string,
  input: SchedulePauseInput,
  who: Identity,
  tx: Tx = db,
): Promise<ScheduleDto> {
  const { agent, row } = await locate(agentName, id, tx);
  assertCanChange(agent, who);
  const now = new Date();
  const resumeAt = input.resumeAt ?? null;
  if (resumeAt && resumeAt.getTime() <= now.getTime())
    throw fieldError("resumeAt", "Resume time must be in the future");
  const note = input.note ? input.note : null;
  const updated = await transact(tx, async (t) => {
    const { count } = await t.schedule.updateMany({
      where: { id: row.id, pausedAt: null },
      data: {
        pausedAt: now,
        pausedById: who.userId,
        pauseNote: note,
        resumeAt,
        autoPaused: false,
        version: { increment: 1 },
      },
    });
    if (count === 0) throw conflict(`Schedule "${row.name}" is paused already`);
    await recordChange(t, {
      scheduleId: row.id,
      userId: who.userId,
      action: "paused",
      details: { note, resumeAt: resumeAt?.toISOString() ?? null },
      at: now,
    });
    const pause = { note, resumeAt: resumeAt?.toISOString() ?? null };
    await auditSchedule(
      t,
      auditActor(who),
      "paused",
      row,
      agent.name,
      { before: { paused: false }, after: pause },
      now,
    );
    await appendEvents(t, [scheduleChangedEvent(row, agent.name, "paused")]);
    return reread(t, row.id);
  });
  return toScheduleDto(updated);
}

/** POST …/resume: 409 when not paused. */
export async function resumeSchedule(agentName: string, id: string, who: Identity, tx: Tx = db): Promise<ScheduleDto> {
  const { agent, row } = await locate(agentName, id, tx);
  assertCanChange(agent, who);
  const now = new Date();
  const updated = await transact(tx, async (t) => {
    const { count } = await t.schedule.updateMany({
      where: { id: row.id, pausedAt: { not: null } },
      data: resumedData(now),
    });
    if (count === 0) throw conflict(`Schedule "${row.name}" is not paused`);
    await recordChange(t, { scheduleId: row.id, userId: who.userId, action: "resumed", at: now });
    const pause = { note: row.pauseNote, resumeAt: row.resumeAt?.toISOString() ?? null };
    await auditSchedule(
      t,
      auditActor(who),
      "resumed",
      row,
      agent.name,
      { before: pause, after: { paused: false } },
      now,
    );
    await appendEvents(t, [scheduleChangedEvent(row, agent.name, "resumed")]);
    return reread(t, row.id);
  });
  return toScheduleDto(updated);
}

/** Paused schedules whose resume time has come, oldest first. */
export async function dueResumes(tx: Tx, now: Date, take = 100): Promise<string[]> {
  const rows = await tx.schedule.findMany({
    where: { pausedAt: { not: null }, resumeAt: { lte: now } },
    orderBy: { resumeAt: "asc" },
    select: { id: true },
    take,
  });
  return rows.map((r) => r.id);
}

/** The worker's resume at `resumeAt`: true when this call resumed it (another worker may have first). */
export function resumeDue(database: typeof db, id: string, now: Date): Promise<boolean> {
  return database.$transaction(async (t) => {
    const row = await t.schedule.findUnique({
      where: { id },
      select: { id: true, name: true, agentId: true, resumeAt: true, agent: { select: { name: true } } },
    });
    if (!row?.resumeAt) return false;
    const { count } = await t.schedule.updateMany({
      where: { id, pausedAt: { not: null }, resumeAt: { lte: now } },
      data: resumedData(now),
    });
    if (count === 0) return false;
    await recordChange(t, {
      scheduleId: id,
      userId: null,
      action: "resumed",
      details: { automatic: true, resumeAt: row.resumeAt.toISOString() },
      at: now,
    });
    await auditSchedule(
      t,
      SYSTEM_ACTOR,
      "resumed",
      row,
      row.agent.name,
      { before: { resumeAt: row.resumeAt.toISOString() }, after: { paused: false, automatic: true } },
      now,
    );
    await appendEvents(t, [scheduleChangedEvent(row, row.agent.name, "resumed")]);
    return true;
  });
}

/** Statuses that count as a failure toward auto-pause. */
export const FAILED_RUN_STATUSES = ["failed", "timed_out"];

export const autoPauseReason = (n: number) => `paused after ${n} consecutive failure${n === 1 ? "" : "s"}`;

/**
 * The auto-pause rule, run when a scheduled run of the schedule ends failed: counted are the schedule's fired runs
 * (triggers schedule and retry; Run Now is not counted) that are the final word on their slot — a success, or a
 * failure (failed, timed out) with no retry left — made since the schedule was last resumed. When its N latest are
 * all failures, the schedule is paused with the reason, a change row and an event. Answers the reason when this call
 * paused it.
 */
export function autoPauseIfFailing(database: typeof db, scheduleId: string, now: Date): Promise<string | null> {
  return database.$transaction(async (t) => {
    const s = await t.schedule.findUnique({
      where: { id: scheduleId },
      select: {
        id: true,
        name: true,
        agentId: true,
        enabled: true,
        pausedAt: true,
        resumedAt: true,
        retryCount: true,
        autoPauseAfterFailures: true,
        agent: { select: { name: true } },
      },
    });
    const n = s?.autoPauseAfterFailures ?? null;
    if (!s || n === null || !s.enabled || s.pausedAt) return null;
    const runs = await t.execution.findMany({
      where: {
        scheduleId,
        trigger: { in: ["schedule", "retry"] },
        finishedAt: { not: null },
        ...(s.resumedAt ? { createdAt: { gt: s.resumedAt } } : {}),
        OR: [{ status: "succeeded" }, { status: { in: FAILED_RUN_STATUSES }, attempt: { gt: s.retryCount } }],
      },
      orderBy: [{ finishedAt: "desc" }, { id: "desc" }],
      select: { id: true, status: true },
      take: n,
    });
    if (runs.length < n || runs.some((r) => !FAILED_RUN_STATUSES.includes(r.status))) return null;
    const reason = autoPauseReason(n);
    const { count } = await t.schedule.updateMany({
      where: { id: scheduleId, pausedAt: null },
      data: {
        pausedAt: now,
        pausedById: null,
        pauseNote: reason,
        resumeAt: null,
        autoPaused: true,
        version: { increment: 1 },
      },
    });
    if (count === 0) return null;
    await recordChange(t, {
      scheduleId,
      userId: null,
      action: "auto_paused",
      details: { reason, failures: n, executionIds: runs.map((r) => r.id) },
      at: now,
    });
    await auditSchedule(
      t,
      SYSTEM_ACTOR,
      "auto_paused",
      s,
      s.agent.name,
      { before: { paused: false }, after: { paused: true, reason, executionIds: runs.map((r) => r.id) } },
      now,
    );
    await appendEvents(t, [scheduleChangedEvent(s, s.agent.name, "auto_paused")]);
    return reason;
  });
}

/** Schedules with auto-pause on, not paused, with a run that failed since `since`: the poll checks them. */
export async function failingSchedulesSince(tx: Tx, since: Date, take = 200): Promise<string[]> {
  const rows = await tx.execution.findMany({
    where: {
      status: { in: FAILED_RUN_STATUSES },
      finishedAt: { gte: since },
      schedule: { autoPauseAfterFailures: { not: null }, pausedAt: null, enabled: true },
    },
    distinct: ["scheduleId"],
    select: { scheduleId: true },
    take,
  });
  return rows.map((r) => r.scheduleId).filter((id): id is string => id !== null);
}
