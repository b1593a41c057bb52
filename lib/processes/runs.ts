// Process runs on the web side: start (the worker's engine takes it from there), read, list and cancel. A run keeps
// the definition it started with. Starting and cancelling are each one transaction that writes the change and the
// events announcing it (the engine starts on process_run_changed); a cancel's conditional write on the run decides
// it, its pending approval and unfinished steps are closed with it, and the step's execution is cancelled after.

import { approversOf } from "@/lib/approvals/dto";
import { approvalEvents } from "@/lib/approvals/recipients";
import { loadViewer } from "@/lib/approvals/viewer";
import type { Identity } from "@/lib/auth/identity";
import { db, type Tx } from "@/lib/db";
import { conflict, fieldError, forbidden, notFound } from "@/lib/errors";
import { appendEvents, type OutboxEvent } from "@/lib/events/outbox";
import { cancelExecution } from "@/lib/executions/executions";
import { type RunRow, runInclude, toRunDto } from "./dto";
import { processRunChangedEvent } from "./events";
import { ACTIVE_RUN_STATUSES, getProcessRowOrThrow } from "./processes";
import type { ProcessRunDto } from "./schemas";
import { stepIdempotencyKey } from "./step-key";

const MAX_INPUT_CHARS = 100_000;
const RUNS_LISTED = 50;
/** Database work only; the wait is for a connection of the pool when many requests come at once. */
const TX_OPTIONS = { maxWait: 10_000, timeout: 10_000 };

async function getRunRowOrThrow(id: string, tx: Tx = db): Promise<RunRow> {
  const row = await tx.processRun.findUnique({ where: { id }, include: runInclude });
  if (!row) throw notFound(`Process run "${id}"`);
  return row;
}

export async function startRun(
  processId: string,
  input: Record<string, unknown>,
  who: Identity,
): Promise<ProcessRunDto> {
  const process = await getProcessRowOrThrow(processId);
  const inputJson = JSON.stringify(input);
  if (inputJson.length > MAX_INPUT_CHARS) {
    throw fieldError("input", `Input must be at most ${MAX_INPUT_CHARS.toLocaleString("en-US")} characters as JSON`);
  }
  const id = await db.$transaction(async (tx) => {
    const created = await tx.processRun.create({
      data: {
        processId,
        processName: process.name,
        definition: process.definition,
        input: inputJson,
        status: "running",
        startedById: who.userId,
      },
    });
    await appendEvents(tx, [processRunChangedEvent(created)]);
    return created.id;
  }, TX_OPTIONS);
  return toRunDto(await getRunRowOrThrow(id), await loadViewer(who));
}

export async function getRun(id: string, who: Identity): Promise<ProcessRunDto> {
  return toRunDto(await getRunRowOrThrow(id), await loadViewer(who));
}

export async function listRuns(processId: string, who: Identity): Promise<ProcessRunDto[]> {
  await getProcessRowOrThrow(processId);
  const rows = await db.processRun.findMany({
    where: { processId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: RUNS_LISTED,
    include: runInclude,
  });
  const viewer = await loadViewer(who);
  return rows.map((r) => toRunDto(r, viewer));
}

async function assertCanCancel(run: RunRow, who: Identity): Promise<void> {
  if (who.role === "admin" || run.startedById === who.userId) return;
  const process = await db.process.findUnique({ where: { id: run.processId }, select: { createdById: true } });
  if (process?.createdById !== who.userId)
    throw forbidden("Only who started this run, the process's creator or an admin may cancel it");
}

/** The executions of the steps being closed: recorded on the step, or made for its key before the engine recorded it. */
async function executionsOf(steps: { id: string; executionId: string | null }[], tx: Tx): Promise<string[]> {
  const recorded = steps.flatMap((s) => (s.executionId ? [s.executionId] : []));
  const keys = steps.filter((s) => !s.executionId).map((s) => stepIdempotencyKey(s.id));
  const found = keys.length
    ? await tx.execution.findMany({ where: { idempotencyKey: { in: keys } }, select: { id: true } })
    : [];
  return [...recorded, ...found.map((e) => e.id)];
}

/**
 * running/paused → cancelled (the conditional write; 409 when the run already finished), with what is still open in
 * it closed and announced in the same transaction. Answers the executions to cancel.
 */
function closeRun(run: RunRow, who: Identity): Promise<string[]> {
  const now = new Date();
  return db.$transaction(async (tx) => {
    const { count } = await tx.processRun.updateMany({
      where: { id: run.id, status: { in: ACTIVE_RUN_STATUSES } },
      data: { status: "cancelled", error: `cancelled by ${who.email}`, finishedAt: now, version: { increment: 1 } },
    });
    if (count === 0)
      throw conflict("This run already finished", {
        status: (await tx.processRun.findUnique({ where: { id: run.id } }))?.status,
      });
    const pending = await tx.approval.findMany({ where: { runId: run.id, status: "pending" } });
    await tx.approval.updateMany({
      where: { runId: run.id, status: "pending" },
      data: { status: "cancelled", decidedAt: now },
    });
    const open = await tx.stepRun.findMany({
      where: { runId: run.id, status: { in: ["running", "waiting"] } },
      select: { id: true, executionId: true },
    });
    await tx.stepRun.updateMany({
      where: { runId: run.id, status: { in: ["running", "waiting"] } },
      data: { status: "cancelled", finishedAt: now },
    });
    const events: OutboxEvent[] = [processRunChangedEvent({ ...run, status: "cancelled" })];
    for (const a of pending)
      events.push(
        ...(await approvalEvents("approval_decided", { ...a, status: "cancelled", approvers: approversOf(a) }, tx)),
      );
    await appendEvents(tx, events);
    return executionsOf(open, tx);
  }, TX_OPTIONS);
}

export async function cancelRun(id: string, who: Identity): Promise<ProcessRunDto> {
  const run = await getRunRowOrThrow(id);
  await assertCanCancel(run, who);
  for (const executionId of await closeRun(run, who)) {
    // The run's cancel is already allowed; the execution was started by the process, not by a person.
    await cancelExecution(executionId, { ...who, role: "admin" }).catch(() => undefined);
  }
  return toRunDto(await getRunRowOrThrow(id), await loadViewer(who));
}
