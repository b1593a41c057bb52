// Creating, reading, listing and cancelling executions, on the web's side: an execution is a queued row that a runner
// (a worker's runner part, worker/runner) claims and runs; nothing here runs an agent. Cancelling a running one
// asks its runner through the row and waits, a bounded time, for the runner to record it.
import type { Identity } from "@/lib/auth/identity";
import { db, direct, type Tx } from "@/lib/db";
import { type Execution, Prisma } from "@/lib/db/client-types";
import { isUniqueViolation } from "@/lib/db/errors";
import { newId } from "@/lib/db/ids";
import { AppError, conflict, forbidden, notFound } from "@/lib/errors";
import { appendEvents, changeWithEvent } from "@/lib/events/outbox";
import { type ExecutionRow, executionInclude, timeoutMsOf, toExecutionDto } from "./dto";
import { cancelRequestedEvent, executionEvent } from "./events";
import { type ExecutionDto, type ExecutionListQuery, isFinished, type Trigger } from "./schemas";
import { visibleExecutionsWhere } from "./visibility";

/** How long a sync call waits beyond the execution's own timeout (it may sit in the queue first). */
const SYNC_EXTRA_WAIT_MS = 60_000;
/** How long a cancel waits for the runner to record the killed run before it answers. */
const CANCEL_WAIT_MS = 15_000;
/** Reading the row while waiting: often at first (most runs are short), then every half second. */
const FIRST_POLL_MS = 25;
const MAX_POLL_MS = 500;

export interface NewExecution {
  agent: { id: string; name: string; status: string; model: string };
  message: string;
  model?: string | null;
  trigger: Trigger;
  createdById?: string | null;
  conversationId?: string | null;
  timeoutSeconds?: number | null;
  idempotencyKey?: string | null;
  /** set for a schedule's Run Now (the worker inserts the rows of fired slots itself) */
  scheduleId?: string | null;
}

export interface CreatedExecution {
  execution: ExecutionRow;
  /** true when the idempotency key was seen before and this is the first execution made with it */
  duplicate: boolean;
}

export function assertAgentRunning(agent: { name: string; status: string }): void {
  if (agent.status !== "running") {
    // The way to start it (POST /api/agents/{name}/start) is for programs to know; the sentence is for people.
    throw conflict(`The agent "${agent.name}" is stopped — start it to run tasks`, {
      agent: agent.name,
      status: "stopped",
    });
  }
}

async function findByIdempotencyKey(input: NewExecution): Promise<CreatedExecution | null> {
  if (!input.idempotencyKey) return null;
  const first = await db.execution.findUnique({
    where: { idempotencyKey: input.idempotencyKey },
    include: executionInclude,
  });
  return first ? sameAgentOrThrow(first, input) : null;
}

function sameAgentOrThrow(first: ExecutionRow, input: NewExecution): CreatedExecution {
  if (first.agentId !== input.agent.id) {
    throw conflict("This idempotency key was already used for another agent", [
      { field: "idempotency_key", message: "reused" },
    ]);
  }
  return { execution: first, duplicate: true };
}

/**
 * Queues an execution: the row and its execution_queued event (which wakes the runners), all or nothing. A repeated
 * idempotency key returns the first execution instead (the scheduler inserts a slot's row itself, then posts its key).
 */
export async function createExecution(input: NewExecution): Promise<CreatedExecution> {
  const seen = await findByIdempotencyKey(input);
  if (seen) return seen;
  assertAgentRunning(input.agent);
  try {
    // One INSERT … RETURNING with its event (one statement on PostgreSQL); the agent's name is known, so no read of the
    // row and its agent after it. The model is the one asked for, else the agent's default at the time; the runtime's
    // answer replaces it when it ends.
    const id = newId();
    const queued = {
      id,
      agentId: input.agent.id,
      agent: { name: input.agent.name },
      status: "queued",
      trigger: input.trigger,
      createdById: input.createdById ?? null,
      conversationId: input.conversationId ?? null,
      scheduleId: input.scheduleId ?? null,
    };
    const row = await changeWithEvent<Execution>(
      direct,
      Prisma.sql`
        INSERT INTO "Execution" ("id", "agentId", "trigger", "status", "message", "model", "createdById", "conversationId",
          "timeoutSeconds", "idempotencyKey", "scheduleId", "attempt", "createdAt")
        VALUES (${id}, ${queued.agentId}, ${queued.trigger}, 'queued', ${input.message}, ${input.model ?? input.agent.model},
          ${queued.createdById}, ${queued.conversationId}, ${input.timeoutSeconds ?? null}, ${input.idempotencyKey ?? null},
          ${queued.scheduleId}, 1, ${new Date()})
        RETURNING *`,
      executionEvent("execution_queued", queued),
      { prepare: true },
    );
    if (!row) throw new Error("the execution's INSERT returned no row");
    const execution: ExecutionRow = { ...row, agent: queued.agent };
    return { execution, duplicate: false };
  } catch (err) {
    // Two requests with the same key at once: the unique column lets one insert win; the other returns it.
    const again = isUniqueViolation(err) ? await findByIdempotencyKey(input) : null;
    if (again) return again;
    throw err;
  }
}

export type CreatedOrFailed = ({ ok: true } & CreatedExecution) | { ok: false; error: unknown };

/**
 * createExecution for many requests at once (the worker hands over a burst of fired slots): the executions already
 * made under their idempotency keys are read in one query instead of one lookup per request; the others are created
 * one by one. Each result is that request's execution or its own error, so one bad request does not fail the rest.
 */
export async function createExecutions(inputs: NewExecution[]): Promise<CreatedOrFailed[]> {
  const keys = inputs.flatMap((i) => (i.idempotencyKey ? [i.idempotencyKey] : []));
  const rows =
    keys.length > 0
      ? await db.execution.findMany({ where: { idempotencyKey: { in: keys } }, include: executionInclude })
      : [];
  const seen = new Map(rows.map((r) => [r.idempotencyKey, r]));
  const results: CreatedOrFailed[] = [];
  for (const input of inputs) {
    try {
      const first = input.idempotencyKey ? seen.get(input.idempotencyKey) : undefined;
      if (!first) {
        results.push({ ok: true, ...(await createExecution(input)) });
        continue;
      }
      results.push({ ok: true, ...sameAgentOrThrow(first, input) });
    } catch (error) {
      results.push({ ok: false, error });
    }
  }
  return results;
}

export interface SubmittedTask extends CreatedExecution {
  /** false when a sync caller's wait ran out before the execution finished */
  finished: boolean;
}

/** Creates an execution and, for sync callers, waits for it to finish (bounded by its timeout plus queue time). */
export async function submitTask(input: NewExecution & { wait: boolean }): Promise<SubmittedTask> {
  const created = await createExecution(input);
  if (!input.wait) return { ...created, finished: isDone(created.execution) };
  const agent = await db.agent.findUniqueOrThrow({ where: { id: input.agent.id }, select: { timeoutSeconds: true } });
  const waitMs = timeoutMsOf({ timeoutSeconds: created.execution.timeoutSeconds, agent }) + SYNC_EXTRA_WAIT_MS;
  const execution = (await waitForExecution(created.execution.id, waitMs)) ?? created.execution;
  return { ...created, execution, finished: isDone(execution) };
}

const isDone = (e: { finishedAt: Date | null }) => e.finishedAt !== null;

/**
 * Reads the execution until it has finished or the time is up, and answers the row as it then is (null if it is
 * gone). A runner in another process changes it, so reading the row is the one way to know; the reads are of the
 * status alone until it changes to a finished one.
 */
export async function waitForExecution(id: string, timeoutMs: number): Promise<ExecutionRow | null> {
  const deadline = Date.now() + timeoutMs;
  let pause = FIRST_POLL_MS;
  for (;;) {
    const row = await db.execution.findUnique({ where: { id }, select: { status: true } });
    const left = deadline - Date.now();
    if (!row || isFinished(row.status) || left <= 0)
      return db.execution.findUnique({ where: { id }, include: executionInclude });
    await new Promise((r) => setTimeout(r, Math.min(pause, left)));
    pause = Math.min(MAX_POLL_MS, pause * 2);
  }
}

export async function getExecutionOrThrow(id: string, tx: Tx = db): Promise<ExecutionRow> {
  const execution = await tx.execution.findUnique({ where: { id }, include: executionInclude });
  if (!execution) throw notFound(`Execution "${id}"`);
  return execution;
}

/** The execution if `who` may see it; someone else's chat turn answers 404 like a missing one, so its existence stays private. */
export async function getVisibleExecutionOrThrow(id: string, who: Identity, tx: Tx = db): Promise<ExecutionRow> {
  const execution = await tx.execution.findFirst({
    where: { id, ...visibleExecutionsWhere(who) },
    include: executionInclude,
  });
  if (!execution) throw notFound(`Execution "${id}"`);
  return execution;
}

export async function getExecution(id: string, who: Identity, tx: Tx = db): Promise<ExecutionDto> {
  return toExecutionDto(await getVisibleExecutionOrThrow(id, who, tx));
}

export interface ExecutionPage {
  executions: ExecutionDto[];
  nextCursor: string | null;
}

/**
 * Newest first, only what `who` may see (others' chat turns are left out by the query itself, so pages stay full);
 * `cursor` is the id of the last execution of the previous page.
 */
export async function listExecutions(
  agentId: string,
  q: Partial<Pick<ExecutionListQuery, "status" | "trigger" | "cursor">> & { limit?: number; scheduleId?: string },
  who: Identity,
  tx: Tx = db,
): Promise<ExecutionPage> {
  const limit = q.limit ?? 20;
  const rows = await tx.execution.findMany({
    where: { agentId, status: q.status, trigger: q.trigger, scheduleId: q.scheduleId, ...visibleExecutionsWhere(who) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    ...(q.cursor ? { cursor: { id: q.cursor }, skip: 1 } : {}),
    include: executionInclude,
  });
  const page = rows.slice(0, limit);
  return { executions: page.map(toExecutionDto), nextCursor: rows.length > limit ? page[page.length - 1].id : null };
}

/** The person who asked for the run, the agent's owner or an admin may cancel it. */
async function assertCanCancel(e: ExecutionRow, who: Identity): Promise<void> {
  if (who.role === "admin" || e.createdById === who.userId) return;
  const agent = await db.agent.findUnique({ where: { id: e.agentId }, select: { ownerId: true } });
  if (agent?.ownerId !== who.userId)
    throw forbidden("Only who started this execution, the agent's owner or an admin may cancel it");
}

/** queued → cancelled, with its event, in one transaction; false when it was no longer queued. */
async function cancelQueued(e: ExecutionRow): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.execution.updateMany({
      where: { id: e.id, status: "queued" },
      data: { status: "cancelled", error: "cancelled before it started", finishedAt: new Date() },
    });
    if (count === 1) await appendEvents(tx, [executionEvent("execution_finished", { ...e, status: "cancelled" })]);
    return count === 1;
  });
}

/**
 * A running row whose runner is gone (its lease ran out, or it never had one) is cancelled here at once: no runner
 * would act on the request.
 */
async function cancelAbandoned(e: ExecutionRow): Promise<boolean> {
  const now = new Date();
  return db.$transaction(async (tx) => {
    const { count } = await tx.execution.updateMany({
      where: { id: e.id, status: "running", OR: [{ leaseExpiresAt: null }, { leaseExpiresAt: { lt: now } }] },
      data: { status: "cancelled", error: "cancelled", finishedAt: now },
    });
    if (count === 1) await appendEvents(tx, [executionEvent("execution_finished", { ...e, status: "cancelled" })]);
    return count === 1;
  });
}

/** Marks the running row for its runner and tells it; false when it was no longer running. */
async function requestCancel(e: ExecutionRow): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const { count } = await tx.execution.updateMany({
      where: { id: e.id, status: "running" },
      data: { cancelRequestedAt: new Date() },
    });
    if (count === 1) await appendEvents(tx, [cancelRequestedEvent(e)]);
    return count === 1;
  });
}

/**
 * queued → cancelled at once; running → its runner is asked (the row's cancelRequestedAt and a worker event), kills
 * the program's process group and records it cancelled, which this waits for (up to 15 s; then the row is answered
 * as it is). Someone else's chat turn is "not found", as when reading it.
 */
export async function cancelExecution(id: string, who: Identity): Promise<ExecutionDto> {
  let execution = await getVisibleExecutionOrThrow(id, who);
  await assertCanCancel(execution, who);
  if (execution.status === "queued" && (await cancelQueued(execution)))
    return toExecutionDto(await getExecutionOrThrow(id));
  execution = await getExecutionOrThrow(id);
  if (execution.status === "running") {
    if (await cancelAbandoned(execution)) return toExecutionDto(await getExecutionOrThrow(id));
    if (await requestCancel(execution))
      return toExecutionDto((await waitForExecution(id, CANCEL_WAIT_MS)) ?? execution);
    execution = await getExecutionOrThrow(id);
  }
  throw new AppError("conflict", `Execution already finished (${execution.status})`, { status: execution.status });
}
