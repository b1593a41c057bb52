// Process runs on the web side: start (the worker's engine takes it from there), read, list and cancel. A run keeps
// the definition it started with. Cancelling is one conditional write on the run; its pending approval and
// unfinished steps are closed in the same transaction, and a running execution is cancelled after.
import type { Identity } from "../auth/identity";
import { approvalEvents } from "../approvals/recipients";
import { approversOf } from "../approvals/dto";
import { db, type Tx } from "../db";
import { AppError, conflict, forbidden, notFound } from "../errors";
import { cancelExecution } from "../executions/executions";
import { publish } from "../realtime/publisher";
import { runInclude, toRunDto, type RunRow } from "./dto";
import { processRunChangedEvent } from "./events";
import { getProcessRowOrThrow } from "./processes";
import type { ProcessRunDto } from "./schemas";

const MAX_INPUT_CHARS = 100_000;
const RUNS_LISTED = 50;

async function getRunRowOrThrow(id: string, tx: Tx = db): Promise<RunRow> {
  const row = await tx.processRun.findUnique({ where: { id }, include: runInclude });
  if (!row) throw notFound(`Process run "${id}"`);
  return row;
}

export async function startRun(processId: string, input: Record<string, unknown>, who: Identity): Promise<ProcessRunDto> {
  const process = await getProcessRowOrThrow(processId);
  const inputJson = JSON.stringify(input);
  if (inputJson.length > MAX_INPUT_CHARS) {
    throw new AppError("validation_failed", `input is larger than ${MAX_INPUT_CHARS} characters`, [{ field: "input", message: "too large" }]);
  }
  const run = await db.processRun.create({
    data: { processId, processName: process.name, definition: process.definition, input: inputJson, status: "running", startedById: who.userId },
    include: runInclude,
  });
  publish(processRunChangedEvent(run));
  return toRunDto(run, who);
}

export async function getRun(id: string, who: Identity): Promise<ProcessRunDto> {
  return toRunDto(await getRunRowOrThrow(id), who);
}

export async function listRuns(processId: string, who: Identity): Promise<ProcessRunDto[]> {
  await getProcessRowOrThrow(processId);
  const rows = await db.processRun.findMany({
    where: { processId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: RUNS_LISTED,
    include: runInclude,
  });
  return rows.map((r) => toRunDto(r, who));
}

async function assertCanCancel(run: RunRow, who: Identity): Promise<void> {
  if (who.role === "admin" || run.startedById === who.userId) return;
  const process = await db.process.findUnique({ where: { id: run.processId }, select: { createdById: true } });
  if (process?.createdById !== who.userId) throw forbidden("Only who started this run, the process's creator or an admin may cancel it");
}

/**
 * running/paused → cancelled (the one conditional write; 409 when the run already finished), then what is still
 * open in it is closed. Those follow-ups only touch a run nothing advances any more, so they need no transaction.
 */
async function closeRun(run: RunRow, who: Identity) {
  const now = new Date();
  const { count } = await db.processRun.updateMany({
    where: { id: run.id, status: { in: ["running", "paused"] } },
    data: { status: "cancelled", error: `cancelled by ${who.email}`, finishedAt: now, version: { increment: 1 } },
  });
  if (count === 0) throw conflict("This run already finished", { status: (await db.processRun.findUnique({ where: { id: run.id } }))?.status });
  const pending = await db.approval.findMany({ where: { runId: run.id, status: "pending" } });
  await db.approval.updateMany({ where: { runId: run.id, status: "pending" }, data: { status: "cancelled", decidedAt: now } });
  const open = await db.stepRun.findMany({ where: { runId: run.id, status: { in: ["running", "waiting"] } }, select: { executionId: true } });
  await db.stepRun.updateMany({ where: { runId: run.id, status: { in: ["running", "waiting"] } }, data: { status: "cancelled", finishedAt: now } });
  return { pending, executionIds: open.flatMap((s) => (s.executionId ? [s.executionId] : [])) };
}

export async function cancelRun(id: string, who: Identity): Promise<ProcessRunDto> {
  const run = await getRunRowOrThrow(id);
  await assertCanCancel(run, who);
  const { pending, executionIds } = await closeRun(run, who);
  for (const executionId of executionIds) {
    // The run's cancel is already allowed; the execution was started by the process, not by a person.
    await cancelExecution(executionId, { ...who, role: "admin" }).catch(() => undefined);
  }
  const after = await getRunRowOrThrow(id);
  publish(processRunChangedEvent(after));
  for (const a of pending) {
    const events = await approvalEvents("approval_decided", { ...a, status: "cancelled", approvers: approversOf(a) }, db);
    events.forEach(publish);
  }
  return toRunDto(after, who);
}
