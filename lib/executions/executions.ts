// Creating, reading, listing and cancelling executions. Running them is the executor's job.
import type { Identity } from "../auth/identity";
import { db, type Tx } from "../db";
import { AppError, conflict, forbidden, notFound } from "../errors";
import { executionInclude, toExecutionDto, type ExecutionRow } from "./dto";
import { publishExecutionEvent } from "./events";
import { abortRun, dispatchAgent, notifyFinished, timeoutMsOf, waitForExecution } from "./executor";
import type { ExecutionDto, ExecutionListQuery, Trigger } from "./schemas";
import { visibleExecutionsWhere } from "./visibility";

/** How long a sync call waits beyond the execution's own timeout (it may sit in the queue first). */
const SYNC_EXTRA_WAIT_MS = 60_000;
/** How long a cancel waits for the killed process to be recorded before it answers. */
const CANCEL_WAIT_MS = 15_000;

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
    throw conflict(`Agent "${agent.name}" is stopped; start it to run tasks (POST /api/agents/${agent.name}/start)`);
  }
}

async function findByIdempotencyKey(input: NewExecution, tx: Tx): Promise<CreatedExecution | null> {
  if (!input.idempotencyKey) return null;
  const first = await tx.execution.findUnique({ where: { idempotencyKey: input.idempotencyKey }, include: executionInclude });
  return first ? sameAgentOrThrow(first, input) : null;
}

function sameAgentOrThrow(first: ExecutionRow, input: NewExecution): CreatedExecution {
  if (first.agentId !== input.agent.id) {
    throw conflict("This idempotency key was already used for another agent", [{ field: "idempotency_key", message: "reused" }]);
  }
  return { execution: first, duplicate: true };
}

/**
 * Queues an execution and wakes the executor. A repeated idempotency key returns the first execution instead; when
 * that one is still queued and never started (the worker inserts a schedule's row itself, then posts its key), the
 * executor is woken for it so it runs, once.
 */
export async function createExecution(input: NewExecution, tx: Tx = db): Promise<CreatedExecution> {
  const seen = await findByIdempotencyKey(input, tx);
  if (seen) {
    if (seen.execution.status === "queued" && seen.execution.startedAt === null) void dispatchAgent(input.agent.id);
    return seen;
  }
  assertAgentRunning(input.agent);
  let execution: ExecutionRow;
  try {
    execution = await tx.execution.create({
      data: {
        agentId: input.agent.id,
        trigger: input.trigger,
        status: "queued",
        message: input.message,
        // The model asked for, else the agent's default at the time; the runtime's answer replaces it when it ends.
        model: input.model ?? input.agent.model,
        createdById: input.createdById ?? null,
        conversationId: input.conversationId ?? null,
        timeoutSeconds: input.timeoutSeconds ?? null,
        idempotencyKey: input.idempotencyKey ?? null,
        scheduleId: input.scheduleId ?? null,
      },
      include: executionInclude,
    });
  } catch (err) {
    // Two requests with the same key at once: the unique column lets one insert win; the other returns it.
    const again = (err as { code?: string }).code === "P2002" ? await findByIdempotencyKey(input, tx) : null;
    if (again) return again;
    throw err;
  }
  void dispatchAgent(input.agent.id);
  return { execution, duplicate: false };
}

export type CreatedOrFailed = ({ ok: true } & CreatedExecution) | { ok: false; error: unknown };

/**
 * createExecution for many requests at once (the worker hands over a burst of fired slots): the executions already
 * made under their idempotency keys are read in one query and each agent's dispatch is woken once, instead of one
 * lookup and one dispatch per request; the others are created one by one. Each result is that request's execution
 * or its own error, so one bad request does not fail the rest.
 */
export async function createExecutions(inputs: NewExecution[]): Promise<CreatedOrFailed[]> {
  const keys = inputs.flatMap((i) => (i.idempotencyKey ? [i.idempotencyKey] : []));
  const rows = keys.length > 0 ? await db.execution.findMany({ where: { idempotencyKey: { in: keys } }, include: executionInclude }) : [];
  const seen = new Map(rows.map((r) => [r.idempotencyKey, r]));
  const wake = new Set<string>();
  const results: CreatedOrFailed[] = [];
  for (const input of inputs) {
    try {
      const first = input.idempotencyKey ? seen.get(input.idempotencyKey) : undefined;
      if (!first) {
        results.push({ ok: true, ...(await createExecution(input)) });
        continue;
      }
      results.push({ ok: true, ...sameAgentOrThrow(first, input) });
      if (first.status === "queued" && first.startedAt === null) wake.add(input.agent.id);
    } catch (error) {
      results.push({ ok: false, error });
    }
  }
  for (const agentId of wake) void dispatchAgent(agentId);
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

export async function getExecutionOrThrow(id: string, tx: Tx = db): Promise<ExecutionRow> {
  const execution = await tx.execution.findUnique({ where: { id }, include: executionInclude });
  if (!execution) throw notFound(`Execution "${id}"`);
  return execution;
}

/** The execution if `who` may see it; someone else's chat turn answers 404 like a missing one, so its existence stays private. */
export async function getVisibleExecutionOrThrow(id: string, who: Identity, tx: Tx = db): Promise<ExecutionRow> {
  const execution = await tx.execution.findFirst({ where: { id, ...visibleExecutionsWhere(who) }, include: executionInclude });
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
  if (agent?.ownerId !== who.userId) throw forbidden("Only who started this execution, the agent's owner or an admin may cancel it");
}

async function cancelQueued(id: string): Promise<boolean> {
  const { count } = await db.execution.updateMany({
    where: { id, status: "queued" },
    data: { status: "cancelled", error: "cancelled before it started", finishedAt: new Date() },
  });
  return count === 1;
}

/** A running row no live run of this process owns (its runner is gone): finish it here. */
async function cancelOrphan(id: string): Promise<boolean> {
  const { count } = await db.execution.updateMany({
    where: { id, status: "running" },
    data: { status: "cancelled", error: "cancelled", finishedAt: new Date() },
  });
  return count === 1;
}

/**
 * queued → cancelled at once; running → the run is aborted (its process group killed) and recorded as cancelled.
 * Someone else's chat turn is "not found", as when reading it.
 */
export async function cancelExecution(id: string, who: Identity): Promise<ExecutionDto> {
  let execution = await getVisibleExecutionOrThrow(id, who);
  await assertCanCancel(execution, who);
  if (execution.status === "queued" && (await cancelQueued(id))) {
    return finishCancel(id);
  }
  execution = await getExecutionOrThrow(id);
  if (execution.status === "running") {
    if (abortRun(id)) return toExecutionDto((await waitForExecution(id, CANCEL_WAIT_MS)) ?? execution);
    if (await cancelOrphan(id)) return finishCancel(id);
    execution = await getExecutionOrThrow(id);
  }
  throw new AppError("conflict", `Execution already finished (${execution.status})`, { status: execution.status });
}

async function finishCancel(id: string): Promise<ExecutionDto> {
  const execution = await getExecutionOrThrow(id);
  notifyFinished(id);
  publishExecutionEvent("execution_finished", execution);
  return toExecutionDto(execution);
}
