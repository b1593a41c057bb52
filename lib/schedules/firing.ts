// The database side of firing schedules: arming reads, claiming slots, retries as rows, and the scheduler's sweeps.
// A slot is claimed by inserting its execution row, unique per (scheduleId, scheduledFor, attempt), so however many
// workers (or restarts of one) try, one insert wins; the row is written with its event (execution_queued, or
// execution_finished for a slot recorded as skipped or missed) and the schedule's marks in one transaction, so a
// runner can take it from the database at once and the marks never run ahead of the rows.
import { type Db, dialect, executeOn, queryOn, type Sql, type SqlDatabase, type Tx } from "@/lib/db";
import { Prisma } from "@/lib/db/client-types";
import { newId } from "@/lib/db/ids";
import { appendEvents, type OutboxEvent } from "@/lib/events/outbox";
import { executionEvent } from "@/lib/executions/events";
import { jitteredStart, retryDelayMs, slotIdempotencyKey } from "./slots";

// ---------------------------------------------------------------- arming reads

/** What the scheduler keeps of an armed schedule: its slots and catch-up. The rest is read when a slot is claimed. */
export const scheduleForArming = {
  id: true,
  name: true,
  cron: true,
  timezone: true,
  enabled: true,
  catchUpPolicy: true,
  catchUpWindowSeconds: true,
  lastSlotAt: true,
  version: true,
  createdAt: true,
  pausedAt: true,
  startAt: true,
  endAt: true,
} as const;

export interface ArmingSchedule {
  id: string;
  name: string;
  cron: string;
  timezone: string;
  enabled: boolean;
  catchUpPolicy: string;
  catchUpWindowSeconds: number;
  lastSlotAt: Date | null;
  version: number;
  createdAt: Date;
  pausedAt: Date | null;
  startAt: Date | null;
  endAt: Date | null;
}

/** What the scheduler fires: enabled and not paused. */
const firingWhere = { enabled: true, pausedAt: null };

/** Enabled, unpaused schedules after `afterId` in id order, `take` at a time (start and resync read them in pages). */
export function enabledSchedulesPage(db: Tx, afterId: string | null, take: number): Promise<ArmingSchedule[]> {
  return db.schedule.findMany({
    where: { ...firingWhere, ...(afterId ? { id: { gt: afterId } } : {}) },
    select: scheduleForArming,
    orderBy: { id: "asc" },
    take,
  });
}

/** id and version of enabled schedules after `afterId`: the resync compares them with what is armed. */
export function enabledVersionsPage(
  db: Tx,
  afterId: string | null,
  take: number,
): Promise<{ id: string; version: number }[]> {
  return db.schedule.findMany({
    where: { ...firingWhere, ...(afterId ? { id: { gt: afterId } } : {}) },
    select: { id: true, version: true },
    orderBy: { id: "asc" },
    take,
  });
}

/** The schedules among `ids` that still exist, enabled or not. */
export function schedulesForArming(db: Tx, ids: string[]): Promise<ArmingSchedule[]> {
  return inChunks(ids, (chunk) => db.schedule.findMany({ where: { id: { in: chunk } }, select: scheduleForArming }));
}

// ---------------------------------------------------------------- claiming

/** The schedule as a claim reads it, in the claim's transaction: what the row is made of, and whether it may fire. */
export interface FiringSchedule {
  id: string;
  agentId: string;
  name: string;
  cron: string;
  timezone: string;
  enabled: boolean;
  message: string;
  model: string | null;
  overlapPolicy: string;
  timeoutSeconds: number | null;
  retryCount: number;
  retryBackoffSeconds: number;
  pausedAt: Date | null;
  jitterSeconds: number;
  startAt: Date | null;
  endAt: Date | null;
  agent: { name: string; status: string; model: string };
}

/** Whether the schedule fires at all now (enabled, not paused), and whether `slot` is inside its window. */
export function firesAt(s: Pick<FiringSchedule, "enabled" | "pausedAt" | "startAt" | "endAt">, slot: Date): boolean {
  const t = slot.getTime();
  return (
    s.enabled &&
    s.pausedAt === null &&
    (s.startAt === null || t >= s.startAt.getTime()) &&
    (s.endAt === null || t <= s.endAt.getTime())
  );
}

/** The row the scheduler hands to the web: enough to build the execute-task request and its event. */
export const claimedSelect = {
  id: true,
  agentId: true,
  scheduleId: true,
  scheduledFor: true,
  attempt: true,
  retryOfId: true,
  trigger: true,
  status: true,
  message: true,
  model: true,
  timeoutSeconds: true,
  idempotencyKey: true,
  notBefore: true,
  createdAt: true,
  agent: { select: { name: true } },
} as const;

export interface ClaimedExecution {
  id: string;
  agentId: string;
  scheduleId: string | null;
  scheduledFor: Date | null;
  attempt: number;
  retryOfId: string | null;
  trigger: string;
  status: string;
  message: string;
  model: string | null;
  timeoutSeconds: number | null;
  idempotencyKey: string | null;
  notBefore: Date | null;
  createdAt: Date;
  agent: { name: string };
}

export interface SlotClaim {
  schedule: Pick<FiringSchedule, "id" | "agentId" | "message" | "model" | "timeoutSeconds"> & {
    agent: { name: string };
  };
  slot: Date;
  attempt?: number;
  /** the first execution of the slot, for retries */
  retryOfId?: string | null;
  /** set to record the slot as skipped (with this reason) instead of queuing a run */
  skippedBecause?: string | null;
  /** the agent's default model, recorded when the schedule has no override (as the web does for its own runs) */
  agentModel?: string | null;
  /** a retry waits out its backoff: runners do not claim the row before this */
  notBefore?: Date | null;
}

function claimRow(claim: SlotClaim, now: Date) {
  const { schedule, slot } = claim;
  const attempt = claim.attempt ?? 1;
  const skipped = claim.skippedBecause != null;
  return {
    id: newId(),
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
    error: skipped ? claim.skippedBecause! : null,
    finishedAt: skipped ? now : null,
    notBefore: skipped ? null : (claim.notBefore ?? null),
    createdAt: now,
  };
}

/**
 * Rows per INSERT: 16 values a row, well under the bound-value limits of the SQLite that better-sqlite3 bundles
 * (32,766) and of PostgreSQL (65,535).
 */
const CLAIM_CHUNK = 200;

/**
 * Inserts the executions of slots (of different schedules), one multi-row `INSERT … ON CONFLICT DO NOTHING RETURNING`
 * per chunk: a slot already claimed (another worker, an earlier life of this one) hits the unique key and is left out
 * of what the insert returns, so each slot has exactly one winner. Plain SQL both databases run (Prisma's createMany
 * spends about 0.2 ms a row building its statement). The result is aligned with `claims`: the row inserted, or null
 * where the slot was claimed already. Call it inside the transaction that also writes the rows' events.
 */
export async function claimSlots(
  tx: Sql | Tx,
  claims: SlotClaim[],
  now = new Date(),
): Promise<(ClaimedExecution | null)[]> {
  const out: (ClaimedExecution | null)[] = [];
  for (let i = 0; i < claims.length; i += CLAIM_CHUNK) {
    const chunk = claims.slice(i, i + CLAIM_CHUNK);
    const rows = chunk.map((c) => claimRow(c, now));
    const values = rows.map(
      (r) =>
        Prisma.sql`(${r.id}, ${r.agentId}, ${r.scheduleId}, ${r.scheduledFor}, ${r.attempt}, ${r.retryOfId}, ${r.trigger}, ${r.status}, ${r.message}, ${r.model}, ${r.timeoutSeconds}, ${r.idempotencyKey}, ${r.error}, ${r.finishedAt}, ${r.notBefore}, ${r.createdAt})`,
    );
    const inserted = await queryOn<{ id: string }>(
      tx,
      Prisma.sql`
        INSERT INTO "Execution" ("id", "agentId", "scheduleId", "scheduledFor", "attempt", "retryOfId", "trigger", "status", "message", "model", "timeoutSeconds", "idempotencyKey", "error", "finishedAt", "notBefore", "createdAt")
        VALUES ${Prisma.join(values)}
        ON CONFLICT DO NOTHING
        RETURNING "id"`,
    );
    const won = new Set(inserted.map((r) => r.id));
    for (const [k, r] of rows.entries())
      out.push(won.has(r.id) ? { ...r, agent: { name: chunk[k].schedule.agent.name } } : null);
  }
  return out;
}

/** One slot of a schedule to claim, as the scheduler planned it. */
export interface SlotFire {
  scheduleId: string;
  slot: Date;
  /** set: record the slot as missed with this error instead of running it */
  missed?: string;
  /** the expression and zone the slot was computed from: a schedule changed since is not fired by it */
  cron: string;
  timezone: string;
}

/**
 * queued: a run was claimed; skipped: recorded skipped (overlap, agent stopped); missed: recorded as missed;
 * lost: another claim had it; stale: the schedule is gone, disabled, or its expression or zone changed;
 * deferred: another transaction held the schedule's row (a claim asked not to wait): nothing was written for it.
 */
export type FireOutcome = "queued" | "skipped" | "missed" | "lost" | "stale" | "deferred";

export interface ClaimFiresOptions {
  /**
   * Pass over the schedules whose rows another transaction holds (PostgreSQL's SKIP LOCKED; SQLite has one writer
   * and holds none) and answer them `deferred`, instead of waiting for that transaction: several workers firing the
   * same burst each take the schedules nobody is claiming yet instead of queueing behind one another. A deferred
   * schedule's slots must be claimed again without it, which either finds them claimed (lost) or claims them (the
   * other transaction failed, or was not a claim).
   */
  skipLocked?: boolean;
  /**
   * Asked once the claim holds its schedules and again just before it commits: true when the plan the slots came from
   * no longer holds (the claim waited so long for the database that a slot planned to run as itself is now late beyond
   * the tolerance). Then nothing is written and the claim fails with StalePlanError, so the slots are planned again.
   */
  planExpired?: () => boolean;
}

/** A claim rolled back because it waited past the time its plan held (ClaimFiresOptions.planExpired). */
export class StalePlanError extends Error {
  constructor() {
    super("the claim waited past the time its slots were planned for");
    this.name = "StalePlanError";
  }
}

export interface FireClaims {
  /** aligned with the fires */
  outcomes: FireOutcome[];
  /** the rows queued to run */
  queued: ClaimedExecution[];
}

/** How long a retry's claim waits for the database (another process's writer, the pool) before it fails. */
const CLAIM_TX = { maxWait: 15_000, timeout: 30_000 } as const;

/**
 * Claims the slots in one transaction: reads the schedules as they are now (a slot of a schedule disabled, deleted
 * or re-timed since it was planned is not fired), applies the overlap policy, inserts the rows, appends their events
 * and moves the schedules' marks (lastSlotAt, lastRunAt) forward. Slots of one schedule are claimed oldest first, one
 * per round, so a slot queued in the batch counts as the previous run still going for the next one. Keep all the
 * slots of a schedule in one call: they succeed or fail together. Plain SQL (lib/db/sql.ts): a burst is claimed in
 * many such transactions, by several workers at once, and each holds its schedules' rows while it runs.
 */
export function claimFires(
  sql: SqlDatabase,
  fires: SlotFire[],
  now: Date,
  options: ClaimFiresOptions = {},
): Promise<FireClaims> {
  return sql.transaction(async (tx) => {
    const outcomes: FireOutcome[] = fires.map(() => "stale");
    // Slots another worker has claimed already (several schedulers fire the same burst; a deferred claim comes back
    // after the other's) are found by their key: one read, instead of locking and reading their schedules and losing
    // the insert.
    const taken = await claimedAlready(tx, fires);
    fires.forEach((f, i) => {
      if (taken.has(slotIdempotencyKey(f.scheduleId, f.slot, 1))) outcomes[i] = "lost";
    });
    const open = new Set(fires.filter((_, i) => outcomes[i] !== "lost").map((f) => f.scheduleId));
    let ids = [...open].sort();
    // PostgreSQL: the schedules' rows are locked first, in id order, so claims of the same schedules by several workers
    // take turns instead of deadlocking on each other's rows, and a change to a schedule (disable, new expression)
    // either commits before the claim reads it or waits for the claim. SQLite: the transaction already has the lock.
    const lock = options.skipLocked ? dialect().skipLocked : dialect().forUpdate;
    const locked = await inChunks(ids, (chunk) =>
      tx.query<{ id: string }>(
        Prisma.sql`SELECT "id" FROM "Schedule" WHERE "id" IN (${Prisma.join(chunk)}) ORDER BY "id" ${lock}`,
      ),
    );
    if (options.skipLocked) {
      // Not returned: held by another transaction (or deleted, which the claim without SKIP LOCKED finds stale).
      const held = new Set(locked.map((r) => r.id));
      fires.forEach((f, i) => {
        if (outcomes[i] === "stale" && !held.has(f.scheduleId)) outcomes[i] = "deferred";
      });
      ids = ids.filter((id) => held.has(id));
    }
    const schedules = new Map((await inChunks(ids, (chunk) => firingSchedules(tx, chunk))).map((s) => [s.id, s]));
    if (options.planExpired?.()) throw new StalePlanError();
    const live = fires
      .map((fire, index) => ({
        fire,
        index,
        schedule: outcomes[index] === "stale" ? schedules.get(fire.scheduleId) : undefined,
      }))
      .filter((f): f is { fire: SlotFire; index: number; schedule: FiringSchedule } => {
        const s = f.schedule;
        return s !== undefined && firesAt(s, f.fire.slot) && s.cron === f.fire.cron && s.timezone === f.fire.timezone;
      });
    const events: OutboxEvent[] = [];
    const queued: ClaimedExecution[] = [];
    const marks = new Map<string, { slot: Date; ran: boolean }>();
    for (const round of rounds(live)) {
      const overlapChecked = round.filter(
        (f) =>
          f.fire.missed === undefined && f.schedule.overlapPolicy === "skip" && f.schedule.agent.status === "running",
      );
      const active = await activeExecutions(
        tx,
        overlapChecked.map((f) => f.schedule.id),
      );
      const claims = round.map(({ fire, schedule }): SlotClaim => {
        const busy = active.get(schedule.id);
        let skippedBecause: string | null = null;
        if (fire.missed !== undefined) skippedBecause = fire.missed;
        else if (schedule.agent.status !== "running")
          skippedBecause = `skipped: agent "${schedule.agent.name}" is stopped`;
        else if (busy && schedule.overlapPolicy === "skip")
          skippedBecause = `skipped: the previous run (${busy.id}) was still ${busy.status}`;
        // Jitter: the run waits a deterministic offset after its slot (the same on every claim of it).
        const notBefore = jitteredStart(schedule.id, fire.slot, schedule.jitterSeconds);
        return { schedule, slot: fire.slot, skippedBecause, agentModel: schedule.agent.model, notBefore };
      });
      const rows = await claimSlots(tx, claims, now);
      rows.forEach((row, k) => {
        const { fire, index, schedule } = round[k];
        if (!row) {
          outcomes[index] = "lost";
          return;
        }
        const ran = row.status === "queued";
        outcomes[index] = ran ? "queued" : fire.missed !== undefined ? "missed" : "skipped";
        events.push(
          executionEvent(ran ? "execution_queued" : "execution_finished", {
            ...row,
            createdById: null,
            conversationId: null,
          }),
        );
        if (ran) queued.push(row);
        const mark = marks.get(schedule.id);
        marks.set(schedule.id, {
          slot: mark && mark.slot > fire.slot ? mark.slot : fire.slot,
          ran: ran || (mark?.ran ?? false),
        });
      });
    }
    await appendEvents(tx, events);
    await markSlotsHandled(
      tx,
      [...marks].map(([scheduleId, m]) => ({ scheduleId, slot: m.slot, ranAt: m.ran ? now : null })),
      now,
    );
    if (options.planExpired?.()) throw new StalePlanError();
    return { outcomes, queued };
  });
}

/** The schedules `ids` as a claim reads them, with their agents: a slot's claim (plain SQL) and a retry's. */
export async function firingSchedules(tx: Sql | Tx, ids: string[]): Promise<FiringSchedule[]> {
  type Flat = Omit<FiringSchedule, "agent"> & { agentName: string; agentStatus: string; agentModel: string };
  const rows = await queryOn<Flat>(
    tx,
    Prisma.sql`
    SELECT s."id", s."agentId", s."name", s."cron", s."timezone", s."enabled", s."message", s."model", s."overlapPolicy",
      s."timeoutSeconds", s."retryCount", s."retryBackoffSeconds", s."pausedAt", s."jitterSeconds", s."startAt", s."endAt",
      a."name" AS "agentName", a."status" AS "agentStatus", a."model" AS "agentModel"
    FROM "Schedule" s JOIN "Agent" a ON a."id" = s."agentId"
    WHERE s."id" IN (${Prisma.join(ids)})`,
  );
  return rows.map(({ agentName, agentStatus, agentModel, ...s }) => ({
    ...s,
    agent: { name: agentName, status: agentStatus, model: agentModel },
  }));
}

/**
 * Splits fires into rounds in which each schedule has at most one slot, keeping each schedule's slots in time order;
 * slots recorded as missed need no overlap check and go with the first round. Within a round the fires are in
 * (schedule, slot) order, so workers claiming the same slots take PostgreSQL's row locks in the same order.
 */
function rounds<F extends { fire: SlotFire }>(fires: F[]): F[][] {
  const sorted = [...fires].sort((a, b) =>
    a.fire.scheduleId < b.fire.scheduleId
      ? -1
      : a.fire.scheduleId > b.fire.scheduleId
        ? 1
        : a.fire.slot.getTime() - b.fire.slot.getTime(),
  );
  const out: F[][] = [];
  const seen = new Map<string, number>();
  for (const f of sorted) {
    if (f.fire.missed !== undefined) {
      out[0] ??= [];
      out[0].push(f);
      continue;
    }
    const k = seen.get(f.fire.scheduleId) ?? 0;
    seen.set(f.fire.scheduleId, k + 1);
    out[k] ??= [];
    out[k].push(f);
  }
  return out.filter((r) => r !== undefined);
}

/** The idempotency keys, among those of the fires' slots (first attempts), that a row has already. */
async function claimedAlready(tx: Sql, fires: SlotFire[]): Promise<Set<string>> {
  const keys = [...new Set(fires.map((f) => slotIdempotencyKey(f.scheduleId, f.slot, 1)))];
  const rows = await inChunks(keys, (chunk) =>
    tx.query<{ idempotencyKey: string }>(
      Prisma.sql`SELECT "idempotencyKey" FROM "Execution" WHERE "idempotencyKey" IN (${Prisma.join(chunk)})`,
    ),
  );
  return new Set(rows.map((r) => r.idempotencyKey));
}

/** The queued or running execution of each of these schedules that has one (the overlap check). */
export async function activeExecutions(
  db: Sql | Tx,
  scheduleIds: string[],
): Promise<Map<string, { id: string; status: string }>> {
  const active = new Map<string, { id: string; status: string }>();
  const rows = await inChunks(scheduleIds, (ids) =>
    queryOn<{ id: string; status: string; scheduleId: string }>(
      db,
      Prisma.sql`SELECT "id", "status", "scheduleId" FROM "Execution" WHERE "scheduleId" IN (${Prisma.join(ids)}) AND "status" IN ('queued', 'running')`,
    ),
  );
  for (const r of rows)
    if (r.scheduleId && !active.has(r.scheduleId)) active.set(r.scheduleId, { id: r.id, status: r.status });
  return active;
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
 * Moves lastSlotAt (where catch-up starts after a restart) forward to each slot, and lastRunAt where a run was
 * started, never back: one conditional UPDATE per distinct instant, so a burst of same-second slots costs a few
 * statements. Pass the claim's transaction. `updatedAt` moves to `now`, as the client's updates move it.
 */
export async function markSlotsHandled(tx: Sql | Tx, handled: HandledSlot[], now = new Date()): Promise<void> {
  for (const [at, ids] of groupIds(handled, (h) => h.slot)) {
    const slot = new Date(at);
    await executeOn(
      tx,
      Prisma.sql`UPDATE "Schedule" SET "lastSlotAt" = ${slot}, "updatedAt" = ${now}
        WHERE "id" IN (${Prisma.join(ids)}) AND ("lastSlotAt" IS NULL OR "lastSlotAt" < ${slot})`,
    );
  }
  for (const [at, ids] of groupIds(
    handled.filter((h) => h.ranAt !== null),
    (h) => h.ranAt!,
  )) {
    const ran = new Date(at);
    await executeOn(
      tx,
      Prisma.sql`UPDATE "Schedule" SET "lastRunAt" = ${ran}, "updatedAt" = ${now}
        WHERE "id" IN (${Prisma.join(ids)}) AND ("lastRunAt" IS NULL OR "lastRunAt" < ${ran})`,
    );
  }
}

/** [instant, schedule ids] pairs, at most IN_CHUNK ids each, ids sorted. */
function groupIds(handled: HandledSlot[], at: (h: HandledSlot) => Date): [number, string[]][] {
  const groups = new Map<number, string[]>();
  for (const h of handled) {
    const key = at(h).getTime();
    const ids = groups.get(key);
    if (ids) ids.push(h.scheduleId);
    else groups.set(key, [h.scheduleId]);
  }
  const out: [number, string[]][] = [];
  for (const [key, ids] of groups) {
    ids.sort();
    for (let i = 0; i < ids.length; i += IN_CHUNK) out.push([key, ids.slice(i, i + IN_CHUNK)]);
  }
  return out;
}

// ---------------------------------------------------------------- retries

/** A scheduled run ending so gets its next attempt while the schedule has retries left. */
export const RETRYABLE_STATUSES = ["failed", "timed_out", "interrupted"];

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

export type RetryOutcome =
  /** nothing owed: not a failed slot run, no retries left, or the schedule is off */
  | { kind: "none" }
  /** the next attempt has a row already (another worker, an earlier notice) */
  | { kind: "exists" }
  | {
      kind: "queued" | "skipped";
      row: ClaimedExecution;
      failed: FinishedSlotExecution;
      schedule: FiringSchedule;
      delayMs: number;
    };

/**
 * Queues the next attempt of a failed (timed out, interrupted) slot run as a row: `queued` with `notBefore` after the
 * backoff (doubling from the schedule's), `attempt` + 1, linked to the first attempt, with its execution_queued
 * event, in one transaction; skipped with the reason when the agent is stopped. Idempotent by the slot's unique key,
 * so every worker may try: nothing about a retry lives anywhere but in these rows.
 */
export function queueRetry(db: Db, failedId: string, now: Date): Promise<RetryOutcome> {
  return db.$transaction(async (tx): Promise<RetryOutcome> => {
    const failed = await tx.execution.findUnique({ where: { id: failedId }, select: finishedSelect });
    if (
      !failed ||
      !RETRYABLE_STATUSES.includes(failed.status) ||
      !failed.scheduleId ||
      !failed.scheduledFor ||
      !failed.finishedAt
    )
      return { kind: "none" };
    const [schedule] = await firingSchedules(tx, [failed.scheduleId]);
    if (!schedule || !schedule.enabled || schedule.pausedAt !== null || failed.attempt > schedule.retryCount)
      return { kind: "none" };
    const delayMs = retryDelayMs(schedule.retryBackoffSeconds, failed.attempt);
    const stopped = schedule.agent.status !== "running";
    const [row] = await claimSlots(
      tx,
      [
        {
          schedule,
          slot: failed.scheduledFor,
          attempt: failed.attempt + 1,
          retryOfId: failed.retryOfId ?? failed.id,
          skippedBecause: stopped ? `skipped: agent "${schedule.agent.name}" is stopped` : null,
          agentModel: schedule.agent.model,
          notBefore: new Date(failed.finishedAt.getTime() + delayMs),
        },
      ],
      now,
    );
    if (!row) return { kind: "exists" };
    await appendEvents(tx, [
      executionEvent(stopped ? "execution_finished" : "execution_queued", {
        ...row,
        createdById: null,
        conversationId: null,
      }),
    ]);
    return { kind: stopped ? "skipped" : "queued", row, failed, schedule, delayMs };
  }, CLAIM_TX);
}

/**
 * Failed slot runs finished since `since` whose schedule (enabled, not paused) has retries left for them and whose next attempt
 * has no row: retries owed, found by the completion's poll when their execution_finished event was not heard (the
 * worker was down). Oldest first.
 */
export async function owedRetries(db: Tx, since: Date, limit: number): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT e."id" FROM "Execution" e
    JOIN "Schedule" s ON s."id" = e."scheduleId"
    WHERE e."status" IN (${Prisma.join(RETRYABLE_STATUSES)})
      AND e."scheduledFor" IS NOT NULL
      AND e."finishedAt" >= ${since}
      AND s."enabled" = ${true}
      AND s."pausedAt" IS NULL
      AND e."attempt" <= s."retryCount"
      AND NOT EXISTS (
        SELECT 1 FROM "Execution" n
        WHERE n."scheduleId" = e."scheduleId" AND n."scheduledFor" = e."scheduledFor" AND n."attempt" = e."attempt" + 1
      )
    ORDER BY e."finishedAt", e."id"
    LIMIT ${limit}`;
  return rows.map((r) => r.id);
}

/** Retries whose backoff ended in (after, until]: handed to the web then. */
export function retriesDue(db: Tx, after: Date, until: Date, limit: number): Promise<ClaimedExecution[]> {
  return db.execution.findMany({
    where: { status: "queued", startedAt: null, scheduleId: { not: null }, notBefore: { gt: after, lte: until } },
    orderBy: { notBefore: "asc" },
    take: limit,
    select: claimedSelect,
  });
}

// ---------------------------------------------------------------- the web's side of the hand-over

/**
 * Queued slot executions that never started, due (created, or their backoff ended) before `olderThan`: posts that may
 * have been lost, for the unsent sweep.
 */
export function unsentExecutions(db: Tx, olderThan: Date, limit: number): Promise<ClaimedExecution[]> {
  return db.execution.findMany({
    where: {
      status: "queued",
      startedAt: null,
      scheduleId: { not: null },
      scheduledFor: { not: null },
      createdAt: { lt: olderThan },
      OR: [{ notBefore: null }, { notBefore: { lt: olderThan } }],
    },
    orderBy: { createdAt: "asc" },
    take: limit,
    select: claimedSelect,
  });
}

/** A queued execution the web refused for good (bad request): finished as failed, with its event, so it does not wait forever. */
export function failUnsendable(db: Db, id: string, error: string): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.execution.updateMany({
      where: { id, status: "queued", startedAt: null },
      data: { status: "failed", error, finishedAt: new Date() },
    });
    if (count === 0) return false;
    const row = await tx.execution.findUniqueOrThrow({
      where: { id },
      select: { ...claimedSelect, createdById: true, conversationId: true },
    });
    await appendEvents(tx, [executionEvent("execution_finished", row)]);
    return true;
  });
}

export type { Db };
