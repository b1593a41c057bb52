// The runner's side of an execution's life, each step one conditional write (or one short transaction) with its
// event: a batch of queued executions claimed under a lease (the dialect's claim statement), leases renewed while the
// runs go on, runs whose lease ran out marked interrupted by any runner, and the result recorded by the runner that
// holds the run. A runner that lost its claim (its lease expired meanwhile) records nothing.
import { db, dialect, direct } from "@/lib/db";
import { type Agent, type Execution, Prisma } from "@/lib/db/client-types";
import { retryWhileBusy } from "@/lib/db/errors";
import { appendEvents, changeWithEvent } from "@/lib/events/outbox";
import type { RunResult } from "@/lib/runtimes/types";
import { type ExecutionRow, executionInclude } from "./dto";
import { executionEvent } from "./events";

export interface RunnerRef {
  /** unique per worker process: stored on what it claims */
  id: string;
  /** agents pinned to a runner name run only on runners of that name */
  name: string;
}

export const LEASE_EXPIRED_ERROR =
  "interrupted: the runner running it stopped renewing its lease (its worker stopped or lost the database); it was not run again";
export const RUNNER_STOPPED_ERROR =
  "interrupted: the runner running it was stopped before the run finished; it was not run again";

/**
 * How long the writes that end a run wait out a database held locked elsewhere (pausing between attempts): a run left
 * running for good would hold the agent's place until its lease ran out, and its result would be lost.
 */
const STATUS_BUSY_RETRY = { attempts: Infinity, budgetMs: 10 * 60_000, maxDelayMs: 1_000 };
const MAX_TEXT = 1_000_000;

/** A read before the write: most polls find nothing, and a read does not wait for SQLite's write lock. */
async function anyClaimable(runner: RunnerRef, now: Date): Promise<boolean> {
  const rows = await direct.query(
    Prisma.sql`
    SELECT 1 AS "any" FROM "Execution" e JOIN "Agent" a ON a."id" = e."agentId"
    WHERE e."status" = 'queued' AND (e."notBefore" IS NULL OR e."notBefore" <= ${now})
      AND a."status" = 'running' AND (a."runnerName" IS NULL OR a."runnerName" = ${runner.name})
    LIMIT 1`,
    { prepare: true },
  );
  return rows.length > 0;
}

const oldestFirst = (a: Execution, b: Execution) =>
  a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** A claimed run: its row and its agent's, as the claim read them. */
export type ClaimedRun = ExecutionRow & { agent: Agent };

/**
 * Claims up to `limit` queued executions for `runner` (oldest first, within every agent's concurrency limit counted
 * across all runners) and announces them started, in one transaction. Answers the claimed rows with their agents.
 */
export async function claimQueued(runner: RunnerRef, opts: { limit: number; leaseMs: number }): Promise<ClaimedRun[]> {
  if (opts.limit <= 0 || !(await anyClaimable(runner, new Date()))) return [];
  return direct.transaction(async (tx) => {
    // The time is read once the transaction has begun (on SQLite: holds the write lock), so a run claimed after
    // another ended never looks as if it had started before that one's end.
    const now = new Date();
    const request = {
      runnerId: runner.id,
      runnerName: runner.name,
      now,
      leaseUntil: new Date(now.getTime() + opts.leaseMs),
      limit: opts.limit,
    };
    const claimed = await dialect().claimExecutions(tx, request);
    if (claimed.length === 0) return [];
    // Each agent once for the batch, instead of a read per run before it starts.
    const agentIds = [...new Set(claimed.map((r) => r.agentId))];
    const agents = new Map(
      (await tx.query<Agent>(Prisma.sql`SELECT * FROM "Agent" WHERE "id" IN (${Prisma.join(agentIds)})`)).map((a) => [
        a.id,
        a,
      ]),
    );
    const rows = claimed.map((row) => ({ ...row, agent: agents.get(row.agentId)! })).sort(oldestFirst);
    await appendEvents(
      tx,
      rows.map((row) => executionEvent("execution_started", row)),
    );
    return rows;
  });
}

/**
 * Moves the leases of the runner's runs on, in one statement. Answers the runs it still holds, each with when a cancel
 * was asked for (null if none); a run missing from the answer is no longer the runner's (its lease ran out).
 */
export async function renewLeases(runnerId: string, ids: string[], leaseMs: number): Promise<Map<string, Date | null>> {
  if (ids.length === 0) return new Map();
  const until = new Date(Date.now() + leaseMs);
  // PostgreSQL: a row another transaction is writing right now (its result being recorded) is skipped, not waited for
  // until lock_timeout — waiting there failed every renewal of the runner under load until its leases ran out. The
  // read after it (which waits for no lock) says which runs are still this runner's.
  await direct.execute(Prisma.sql`
    UPDATE "Execution" SET "leaseExpiresAt" = ${until}
    WHERE "id" IN (
      SELECT "id" FROM "Execution"
      WHERE "id" IN (${Prisma.join(ids)}) AND "runnerId" = ${runnerId} AND "status" = 'running'
      ${dialect().skipLocked}
    )`);
  const rows = await direct.query<{ id: string; cancelRequestedAt: Date | null }>(Prisma.sql`
    SELECT "id", "cancelRequestedAt" FROM "Execution" WHERE "id" IN (${Prisma.join(ids)}) AND "runnerId" = ${runnerId} AND "status" = 'running'`);
  return new Map(rows.map((r) => [r.id, r.cancelRequestedAt]));
}

/** running → interrupted with `error` for the rows `where` picks, with their events; answers the rows changed. */
async function interrupt(where: Prisma.ExecutionWhereInput, error: string): Promise<ExecutionRow[]> {
  return retryWhileBusy(() =>
    db.$transaction(async (tx) => {
      const changed = await tx.execution.updateManyAndReturn({
        where: { ...where, status: "running" },
        data: { status: "interrupted", error, finishedAt: new Date() },
        select: { id: true },
      });
      if (changed.length === 0) return [];
      const rows = await tx.execution.findMany({
        where: { id: { in: changed.map((c) => c.id) } },
        include: executionInclude,
      });
      await appendEvents(
        tx,
        rows.map((row) => executionEvent("execution_finished", row)),
      );
      return rows;
    }),
  );
}

/**
 * Any runner: runs whose lease ran out (their runner died or lost the database) become interrupted. The work is not
 * started again here; a schedule's retry policy decides. A running row without a lease (left by an older version)
 * counts as expired.
 */
export async function interruptExpired(now = new Date(), limit = 100): Promise<ExecutionRow[]> {
  const expired: Prisma.ExecutionWhereInput = {
    status: "running",
    OR: [{ leaseExpiresAt: null }, { leaseExpiresAt: { lt: now } }],
  };
  const found = await db.execution.findMany({ where: expired, select: { id: true }, take: limit });
  if (found.length === 0) return [];
  return interrupt({ ...expired, id: { in: found.map((f) => f.id) } }, LEASE_EXPIRED_ERROR);
}

/** A runner that stops with runs still going records them interrupted itself, rather than leave them to expire. */
export function interruptOwnRuns(runnerId: string, ids: string[]): Promise<ExecutionRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return interrupt({ id: { in: ids }, runnerId }, RUNNER_STOPPED_ERROR);
}

const clip = (s: string | null | undefined) => (s == null ? null : s.length > MAX_TEXT ? s.slice(0, MAX_TEXT) : s);

/**
 * running → the run's final status, only while this runner still holds it; the conversation keeps the session for
 * its next turn, and execution_finished goes out, all or nothing. False when the run was no longer the runner's (its
 * lease ran out and it was marked interrupted).
 */
export async function recordResult(runnerId: string, run: ExecutionRow, r: RunResult): Promise<boolean> {
  // PostgreSQL: the agent's row is locked (before the run's) as a claim locks it, so no claim for the agent runs
  // meanwhile: one that comes after this run's end sees it, and its start time is later than this end time. (SQLite:
  // the write already keeps every claim out.)
  const change = Prisma.sql`
    UPDATE "Execution" SET
      "status" = ${r.status},
      "response" = ${clip(r.response)},
      "error" = ${clip(r.error ?? (r.status === "cancelled" ? "cancelled" : null))},
      "exitCode" = ${r.exitCode},
      "stderr" = ${clip(r.stderr)},
      "costUsd" = ${r.costUsd},
      "inputTokens" = ${r.inputTokens},
      "outputTokens" = ${r.outputTokens},
      "cacheReadTokens" = ${r.cacheReadTokens},
      "cacheCreationTokens" = ${r.cacheCreationTokens},
      "durationMs" = ${Math.round(r.durationMs)},
      "numTurns" = ${r.numTurns},
      "sessionId" = ${r.sessionId},
      "model" = COALESCE(${r.model || null}, "model"),
      "finishedAt" = ${new Date()}
    WHERE "id" = ${run.id} AND "runnerId" = ${runnerId} AND "status" = 'running'
      AND "agentId" IN (SELECT "id" FROM "Agent" WHERE "id" = ${run.agentId} ${dialect().forNoKeyUpdate})
    RETURNING "id"`;
  // What the event says of the run does not change once it is queued, but for its status.
  const event = executionEvent("execution_finished", { ...run, status: r.status });
  const { conversationId } = run;
  return retryWhileBusy(async () => {
    if (!conversationId || !r.sessionId)
      return (await changeWithEvent(direct, change, event, { prepare: true })) !== null;
    return direct.transaction(async (tx) => {
      if ((await tx.query(change)).length === 0) return false;
      await tx.execute(
        Prisma.sql`UPDATE "Conversation" SET "claudeSessionId" = ${r.sessionId} WHERE "id" = ${conversationId}`,
      );
      await appendEvents(tx, [event]);
      return true;
    });
  }, STATUS_BUSY_RETRY);
}
