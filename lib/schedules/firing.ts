// The database side of firing schedules: claiming a slot by inserting its execution row, the conditional writes on
// the schedule, and the queries the scheduler's sweeps run. Every write here is safe to repeat or to race: the unique
// (scheduleId, scheduledFor, attempt) lets one claim of a slot win, and the schedule's marks only move forward.
import crypto from "node:crypto";
import type { Db, Tx } from "../db";
import { isUniqueViolation } from "../db/errors";
import { Prisma } from "../db/client-types";
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
const claimedScalars = {
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
} as const;

export const claimedSelect = { ...claimedScalars, agent: { select: { name: true } } } as const;

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

/**
 * Inserts the execution of one attempt of a slot: `queued` for the web to run, or `skipped` with its reason.
 * Returns null when the slot (that attempt) was already claimed — by this worker earlier, another worker or a
 * previous life of this one.
 */
export async function claimSlot(db: Tx, claim: SlotClaim): Promise<ClaimedExecution | null> {
  try {
    return await db.execution.create({ data: claimData(claim), select: claimedSelect });
  } catch (err) {
    if (isUniqueViolation(err)) return null;
    throw err;
  }
}

function claimData(claim: SlotClaim) {
  const { schedule, slot } = claim;
  const attempt = claim.attempt ?? 1;
  const skipped = claim.skippedBecause != null;
  return {
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
  };
}

/**
 * Rows per INSERT of a batch claim: 15 values a row, well under the bound-value limits of the SQLite that
 * better-sqlite3 bundles (32,766) and of PostgreSQL (65,535); Prisma's own 999 applies to its query builder only.
 */
const CLAIM_CHUNK = 200;

/**
 * Claims many slots (of different schedules) at once, one multi-row `INSERT … ON CONFLICT DO NOTHING RETURNING` per
 * chunk. A slot already claimed (another worker, an earlier life of this one) hits a unique key and is left out of
 * what the insert returns, so each slot still gets exactly one winner. This is plain SQL that SQLite and PostgreSQL
 * both run: Prisma's createMany spends about 0.2 ms per row building the statement, which made a burst of a
 * thousand same-second slots take most of a second to claim; this takes a few milliseconds per chunk.
 * The result is aligned with `claims`: the inserted row, or null when that slot was already claimed.
 */
export async function claimSlots(db: Tx, claims: SlotClaim[]): Promise<(ClaimedExecution | null)[]> {
  if (claims.length === 1) return [await claimSlot(db, claims[0])];
  const out: (ClaimedExecution | null)[] = [];
  for (let i = 0; i < claims.length; i += CLAIM_CHUNK) {
    const rows = claims.slice(i, i + CLAIM_CHUNK).map((c) => ({ ...claimData(c), id: newId(), createdAt: new Date(), agentName: c.schedule.agent.name }));
    const values = rows.map(
      (r) =>
        Prisma.sql`(${r.id}, ${r.agentId}, ${r.scheduleId}, ${r.scheduledFor}, ${r.attempt}, ${r.retryOfId}, ${r.trigger}, ${r.status}, ${r.message}, ${r.model}, ${r.timeoutSeconds}, ${r.idempotencyKey}, ${r.error ?? null}, ${r.finishedAt ?? null}, ${r.createdAt})`,
    );
    const inserted = await db.$queryRaw<{ id: string }[]>`
      INSERT INTO "Execution" ("id", "agentId", "scheduleId", "scheduledFor", "attempt", "retryOfId", "trigger", "status", "message", "model", "timeoutSeconds", "idempotencyKey", "error", "finishedAt", "createdAt")
      VALUES ${Prisma.join(values)}
      ON CONFLICT DO NOTHING
      RETURNING "id"`;
    const won = new Set(inserted.map((r) => r.id));
    for (const r of rows) out.push(won.has(r.id) ? toClaimed(r) : null);
  }
  return out;
}

function toClaimed(r: ReturnType<typeof claimData> & { id: string; createdAt: Date; agentName: string }): ClaimedExecution {
  return {
    id: r.id,
    scheduleId: r.scheduleId,
    scheduledFor: r.scheduledFor,
    attempt: r.attempt,
    retryOfId: r.retryOfId,
    status: r.status,
    message: r.message,
    model: r.model,
    timeoutSeconds: r.timeoutSeconds,
    idempotencyKey: r.idempotencyKey,
    createdAt: r.createdAt,
    agent: { name: r.agentName },
  };
}

let idCounter = 0;

/**
 * An id of the shape Prisma's cuid() default gives rows it inserts (25 characters: "c", the time, a counter and
 * randomness), for rows inserted with plain SQL.
 */
function newId(): string {
  idCounter = (idCounter + 1) % 36 ** 4;
  const time = Date.now().toString(36).padStart(8, "0").slice(-8);
  const count = idCounter.toString(36).padStart(4, "0");
  const random = Array.from(crypto.randomBytes(12), (b) => (b % 36).toString(36)).join("");
  return `c${time}${count}${random}`;
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

/** The queued or running execution of each of these schedules that has one (the overlap check of a batch). */
export async function activeExecutions(db: Tx, scheduleIds: string[]): Promise<Map<string, { id: string; status: string }>> {
  const active = new Map<string, { id: string; status: string }>();
  const rows = await inChunks(scheduleIds, (ids) =>
    db.execution.findMany({ where: { scheduleId: { in: ids }, status: { in: ["queued", "running"] } }, select: { id: true, status: true, scheduleId: true } }),
  );
  for (const r of rows) if (r.scheduleId && !active.has(r.scheduleId)) active.set(r.scheduleId, { id: r.id, status: r.status });
  return active;
}

export async function agentStates(db: Tx, agentIds: string[]) {
  const rows = await inChunks(agentIds, (ids) => db.agent.findMany({ where: { id: { in: ids } }, select: { id: true, status: true, name: true, model: true } }));
  return new Map(rows.map((r) => [r.id, r]));
}

/** Prisma refuses a query with more than 999 bound values on SQLite: long `in` lists are read in pieces. */
const IN_CHUNK = 500;

async function inChunks<T>(ids: string[], read: (ids: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += IN_CHUNK) out.push(...(await read(ids.slice(i, i + IN_CHUNK))));
  return out;
}

export interface HandledSlot {
  scheduleId: string;
  slot: Date;
  /** when a run was started for the slot, or null */
  ranAt: Date | null;
}

/**
 * markSlotHandled for many schedules: one conditional UPDATE per distinct slot (and per distinct start time), all in
 * one transaction, so a burst of same-second slots costs a few statements instead of two per schedule.
 */
export async function markSlotsHandled(db: Db, handled: HandledSlot[]): Promise<void> {
  if (handled.length === 1) return markSlotHandled(db, handled[0].scheduleId, handled[0].slot, handled[0].ranAt);
  const bySlot = groupIds(handled, (h) => h.slot);
  const byRun = groupIds(handled.filter((h) => h.ranAt !== null), (h) => h.ranAt!);
  await db.$transaction([
    ...bySlot.map(([at, ids]) =>
      db.schedule.updateMany({ where: { id: { in: ids }, OR: [{ lastSlotAt: null }, { lastSlotAt: { lt: new Date(at) } }] }, data: { lastSlotAt: new Date(at) } }),
    ),
    ...byRun.map(([at, ids]) =>
      db.schedule.updateMany({ where: { id: { in: ids }, OR: [{ lastRunAt: null }, { lastRunAt: { lt: new Date(at) } }] }, data: { lastRunAt: new Date(at) } }),
    ),
  ]);
}

/** [instant, schedule ids] pairs, at most IN_CHUNK ids each. */
function groupIds(handled: HandledSlot[], at: (h: HandledSlot) => Date): [number, string[]][] {
  const groups = new Map<number, string[]>();
  for (const h of handled) {
    const key = at(h).getTime();
    const ids = groups.get(key);
    if (ids) ids.push(h.scheduleId);
    else groups.set(key, [h.scheduleId]);
  }
  const out: [number, string[]][] = [];
  for (const [key, ids] of groups) for (let i = 0; i < ids.length; i += IN_CHUNK) out.push([key, ids.slice(i, i + IN_CHUNK)]);
  return out;
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
