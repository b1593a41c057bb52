// The database side of firing schedules: claiming a slot by inserting its execution row, the conditional writes on
// the schedule, and the queries the scheduler's sweeps run. Every write here is safe to repeat or to race: the unique
// (scheduleId, scheduledFor, attempt) lets one claim of a slot win, and the schedule's marks only move forward.
import type { Db, Tx } from "../db";
import { slotIdempotencyKey } from "./slots";

/** What the scheduler keeps of a schedule row. */
export const scheduleForFiring = {
  id: true,
  agentId: true,
  name: true,
  cron: true,
  timezone: true,
  message: true,
  model: true,
  enabled: true,
  overlapPolicy: true,
  catchUpPolicy: true,
  catchUpWindowSeconds: true,
  timeoutSeconds: true,
  retryCount: true,
  retryBackoffSeconds: true,
  lastSlotAt: true,
  version: true,
  createdAt: true,
  agent: { select: { name: true } },
} as const;

export interface FiringSchedule {
  id: string;
  agentId: string;
  name: string;
  cron: string;
  timezone: string;
  message: string;
  model: string | null;
  enabled: boolean;
  overlapPolicy: string;
  catchUpPolicy: string;
  catchUpWindowSeconds: number;
  timeoutSeconds: number | null;
  retryCount: number;
  retryBackoffSeconds: number;
  lastSlotAt: Date | null;
  version: number;
  createdAt: Date;
  agent: { name: string };
}

export function loadEnabledSchedules(db: Tx): Promise<FiringSchedule[]> {
  return db.schedule.findMany({ where: { enabled: true }, select: scheduleForFiring, orderBy: { id: "asc" } });
}

export function loadSchedule(db: Tx, id: string): Promise<FiringSchedule | null> {
  return db.schedule.findUnique({ where: { id }, select: scheduleForFiring });
}

/** id → version of every enabled schedule: the full resync compares it with what is armed. */
export async function enabledScheduleVersions(db: Tx): Promise<Map<string, number>> {
  const rows = await db.schedule.findMany({ where: { enabled: true }, select: { id: true, version: true } });
  return new Map(rows.map((r) => [r.id, r.version]));
}

/** The row the scheduler posts to the web: enough to build the execute-task request. */
export const claimedSelect = {
  id: true,
  scheduleId: true,
  scheduledFor: true,
  attempt: true,
  retryOfId: true,
  status: true,
  message: true,
  model: true,
  timeoutSeconds: true,
  idempotencyKey: true,
  createdAt: true,
  agent: { select: { name: true } },
} as const;

export interface ClaimedExecution {
  id: string;
  scheduleId: string | null;
  scheduledFor: Date | null;
  attempt: number;
  retryOfId: string | null;
  status: string;
  message: string;
  model: string | null;
  timeoutSeconds: number | null;
  idempotencyKey: string | null;
  createdAt: Date;
  agent: { name: string };
}

export interface SlotClaim {
  schedule: FiringSchedule;
  slot: Date;
  attempt?: number;
  /** the first execution of the slot, for retries */
  retryOfId?: string | null;
  /** set to record the slot as skipped (with this reason) instead of queuing a run */
  skippedBecause?: string | null;
  /** the agent's default model, recorded when the schedule has no override (as the web does for its own runs) */
  agentModel?: string | null;
}

const isUniqueViolation = (err: unknown) => (err as { code?: string } | null)?.code === "P2002";

/**
 * Inserts the execution of one attempt of a slot: `queued` for the web to run, or `skipped` with its reason.
 * Returns null when the slot (that attempt) was already claimed — by this worker earlier, another worker or a
 * previous life of this one.
 */
export async function claimSlot(db: Tx, claim: SlotClaim): Promise<ClaimedExecution | null> {
  const { schedule, slot } = claim;
  const attempt = claim.attempt ?? 1;
  const skipped = claim.skippedBecause != null;
  try {
    return await db.execution.create({
      data: {
        agentId: schedule.agentId,
        scheduleId: schedule.id,
        scheduledFor: slot,
        attempt,
        retryOfId: claim.retryOfId ?? null,
        trigger: attempt > 1 ? "retry" : "schedule",
        status: skipped ? "skipped" : "queued",
        message: schedule.message,
        model: schedule.model ?? claim.agentModel ?? null,
        timeoutSeconds: schedule.timeoutSeconds,
        idempotencyKey: slotIdempotencyKey(schedule.id, slot, attempt),
        ...(skipped ? { error: claim.skippedBecause, finishedAt: new Date() } : {}),
      },
      select: claimedSelect,
    });
  } catch (err) {
    if (isUniqueViolation(err)) return null;
    throw err;
  }
}

/** The schedule's queued or running execution, if any (the overlap check). */
export function activeExecution(db: Tx, scheduleId: string) {
  return db.execution.findFirst({
    where: { scheduleId, status: { in: ["queued", "running"] } },
    select: { id: true, status: true },
  });
}

export function agentState(db: Tx, agentId: string) {
  return db.agent.findUnique({ where: { id: agentId }, select: { status: true, name: true, model: true } });
}

/** Moves lastSlotAt forward to `slot` (never back), and lastRunAt when a run was started for it. */
export async function markSlotHandled(db: Tx, scheduleId: string, slot: Date, ranAt: Date | null): Promise<void> {
  await db.schedule.updateMany({
    where: { id: scheduleId, OR: [{ lastSlotAt: null }, { lastSlotAt: { lt: slot } }] },
    data: { lastSlotAt: slot },
  });
  if (ranAt) {
    await db.schedule.updateMany({
      where: { id: scheduleId, OR: [{ lastRunAt: null }, { lastRunAt: { lt: ranAt } }] },
      data: { lastRunAt: ranAt },
    });
  }
}

/** Queued slot executions that never started and were created before `olderThan`: posts that may have been lost. */
export function unsentExecutions(db: Tx, olderThan: Date, limit: number): Promise<ClaimedExecution[]> {
  return db.execution.findMany({
    where: { status: "queued", startedAt: null, scheduleId: { not: null }, scheduledFor: { not: null }, createdAt: { lt: olderThan } },
    orderBy: { createdAt: "asc" },
    take: limit,
    select: claimedSelect,
  });
}

/** Slot executions not finished yet: the scheduler waits for their completion (after a restart too). */
export function unfinishedSlotExecutions(db: Tx) {
  return db.execution.findMany({
    where: { status: { in: ["queued", "running"] }, scheduleId: { not: null }, scheduledFor: { not: null } },
    select: { id: true },
  });
}

export const finishedSelect = {
  id: true,
  status: true,
  scheduleId: true,
  scheduledFor: true,
  attempt: true,
  retryOfId: true,
  finishedAt: true,
} as const;

export interface FinishedSlotExecution {
  id: string;
  status: string;
  scheduleId: string | null;
  scheduledFor: Date | null;
  attempt: number;
  retryOfId: string | null;
  finishedAt: Date | null;
}

export function finishedAmong(db: Tx, ids: string[]): Promise<FinishedSlotExecution[]> {
  return db.execution.findMany({ where: { id: { in: ids }, finishedAt: { not: null } }, select: finishedSelect });
}

export function findFinished(db: Tx, id: string): Promise<FinishedSlotExecution | null> {
  return db.execution.findFirst({ where: { id, finishedAt: { not: null } }, select: finishedSelect });
}

export const RETRYABLE_STATUSES = ["failed", "timed_out"];

/**
 * Failed slot executions finished since `since` whose next attempt does not exist yet: retries owed (after a
 * restart the scheduler rebuilds its retry timers from these). The caller checks the schedule's retry count.
 */
export async function failedWithoutRetry(db: Tx, since: Date): Promise<FinishedSlotExecution[]> {
  const failed = await db.execution.findMany({
    where: { status: { in: RETRYABLE_STATUSES }, scheduleId: { not: null }, scheduledFor: { not: null }, finishedAt: { gte: since } },
    select: finishedSelect,
  });
  const owed: FinishedSlotExecution[] = [];
  for (const e of failed) {
    const next = await db.execution.findFirst({
      where: { scheduleId: e.scheduleId, scheduledFor: e.scheduledFor, attempt: e.attempt + 1 },
      select: { id: true },
    });
    if (!next) owed.push(e);
  }
  return owed;
}

/** A queued execution the web refused for good (bad request): finished as failed so it does not wait forever. */
export async function failUnsendable(db: Tx, id: string, error: string): Promise<boolean> {
  const { count } = await db.execution.updateMany({
    where: { id, status: "queued", startedAt: null },
    data: { status: "failed", error, finishedAt: new Date() },
  });
  return count === 1;
}

export type { Db };
