// The engine's writes. Each transition is one short transaction that starts with a conditional write — on the run
// (its status and version as read; every transition bumps the version) or, for a deadline, on the approval — and
// appends the events announcing it to the outbox before it commits, so every worker hears exactly the transitions
// that happened. When the guarding write matches no row, another worker or the web got there first: the transaction
// is rolled back and the transition is a no-op (null / false).

import { joinComments } from "@/lib/approvals/decisions";
import { approversOf, parseJson } from "@/lib/approvals/dto";
import { approvalEvents, approvalEventsTo, eligibleUserIds } from "@/lib/approvals/recipients";
import { auditWrite, SYSTEM_ACTOR } from "@/lib/audit";
import type { Db, Tx } from "@/lib/db";
import type { Prisma } from "@/lib/db/client-types";
import { isUniqueViolation, retryWhileBusy } from "@/lib/db/errors";
import { appendEvents, type OutboxEvent } from "@/lib/events/outbox";
import { definitionOf } from "@/lib/processes/dto";
import { processRunChangedEvent } from "@/lib/processes/events";
import { contextOf } from "@/lib/processes/progress";
import { reminderFields } from "@/lib/processes/reminders";
import {
  durationSeconds,
  type HumanApprovalStep,
  type ProcessDefinition,
  type ProcessStep,
} from "@/lib/processes/schemas";
import { renderTemplate } from "@/lib/processes/templates";

/** Database work only, so these bound a stuck connection, not the work. */
const TX_OPTIONS = { maxWait: 10_000, timeout: 10_000 };

export const engineRunInclude = {
  steps: {
    orderBy: [{ startedAt: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    include: { approval: { select: { id: true, status: true, onTimeout: true, comment: true } } },
  },
} satisfies Prisma.ProcessRunInclude;

export type EngineRun = Prisma.ProcessRunGetPayload<{ include: typeof engineRunInclude }> & {
  def: ProcessDefinition;
  inputObject: Record<string, unknown>;
};
export type EngineStepRun = EngineRun["steps"][number];
type RunStatus = "running" | "paused" | "completed" | "failed" | "cancelled";

/** Thrown inside a transaction to roll it back when its guarding write matched nothing. */
class Lost extends Error {}

/**
 * Runs one transition. A busy database (a lock held elsewhere, a lost serialization race) rolled the transaction back,
 * so it is tried again; a guard that matched nothing, or a step visit another worker inserted first, answers null.
 */
export async function guarded<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T | null> {
  try {
    return await retryWhileBusy(() => db.$transaction(fn, TX_OPTIONS));
  } catch (err) {
    if (err instanceof Lost || isUniqueViolation(err)) return null;
    throw err;
  }
}

export function ensure(count: number): void {
  if (count === 0) throw new Lost();
}

/**
 * The run's move from the status and version the engine read: one conditional write, which on PostgreSQL also holds
 * the run's row until the transaction ends, so a concurrent transition (another worker, a cancel) waits and then
 * matches nothing.
 */
async function moveRun(
  tx: Tx,
  run: EngineRun,
  from: RunStatus,
  data: Prisma.ProcessRunUpdateManyMutationInput,
): Promise<void> {
  ensure(
    (
      await tx.processRun.updateMany({
        where: { id: run.id, status: from, version: run.version },
        data: { ...data, version: { increment: 1 } },
      })
    ).count,
  );
}

const runChanged = (run: EngineRun, status: RunStatus): OutboxEvent => processRunChangedEvent({ ...run, status });

export async function loadRun(db: Db, id: string): Promise<EngineRun | null> {
  const row = await db.processRun.findUnique({ where: { id }, include: engineRunInclude });
  return row
    ? { ...row, def: definitionOf(row), inputObject: parseJson<Record<string, unknown>>(row.input, {}) }
    : null;
}

/** Starts a visit of an agent step: the run points at it and a running step run exists. */
export function claimAgentStep(
  db: Db,
  run: EngineRun,
  step: ProcessStep,
  iteration: number,
): Promise<{ stepRunId: string } | null> {
  return guarded(db, async (tx) => {
    await moveRun(tx, run, "running", { currentStepId: step.id });
    const stepRun = await tx.stepRun.create({
      data: { runId: run.id, stepId: step.id, type: step.type, iteration, status: "running" },
      select: { id: true },
    });
    await appendEvents(tx, [runChanged(run, "running")]);
    return { stepRunId: stepRun.id };
  });
}

/** The approval a step asks for, rendered from the run as read. */
function draftApproval(run: EngineRun, step: HumanApprovalStep, now: Date) {
  const ctx = contextOf(run.inputObject, run.steps);
  const approvers = step.approvers ?? [];
  const deadlineAt = step.timeout ? new Date(now.getTime() + durationSeconds(step.timeout) * 1000) : null;
  return {
    processName: run.processName,
    title: renderTemplate(step.title, ctx).slice(0, 500),
    description: renderTemplate(step.description ?? "", ctx),
    context: JSON.stringify(ctx),
    startedById: run.startedById,
    approvers,
    requiredApprovals: step.required_approvals ?? 1,
    allowSelfApproval: step.allow_self_approval ?? false,
    deadlineAt,
    onTimeout: step.on_timeout ?? "reject",
    ...reminderFields(step, now, deadlineAt),
  };
}

/**
 * Reaches an approval step: the run pauses, a waiting step run and a pending approval exist, and approval_required
 * goes to the rooms of the people who may decide it.
 */
export function claimApprovalStep(db: Db, run: EngineRun, step: HumanApprovalStep, iteration: number) {
  return guarded(db, async (tx) => {
    await moveRun(tx, run, "running", { status: "paused", currentStepId: step.id });
    const now = new Date();
    const draft = draftApproval(run, step, now);
    const stepRun = await tx.stepRun.create({
      data: { runId: run.id, stepId: step.id, type: step.type, iteration, status: "waiting" },
      select: { id: true },
    });
    const approval = await tx.approval.create({
      // The deadline counts from the approval's creation, which the transaction's wait for the database does not move.
      data: {
        ...draft,
        approvers: JSON.stringify(draft.approvers),
        runId: run.id,
        stepRunId: stepRun.id,
        createdAt: now,
      },
      select: { id: true },
    });
    const recipients = await eligibleUserIds(draft, tx);
    const required = approvalEventsTo(
      "approval_required",
      { ...draft, id: approval.id, runId: run.id, status: "pending" },
      recipients,
    );
    await appendEvents(tx, [...required, runChanged(run, "paused")]);
    return { stepRunId: stepRun.id, approvalId: approval.id };
  });
}

/** The execution the web made for an agent step, kept on the step while it runs (once: the first answer stands). */
export async function recordExecutionId(
  db: Db,
  run: EngineRun,
  stepRunId: string,
  executionId: string,
): Promise<boolean> {
  const done = await guarded(db, async (tx) => {
    ensure(
      (
        await tx.stepRun.updateMany({
          where: { id: stepRunId, status: "running", executionId: null },
          data: { executionId },
        })
      ).count,
    );
    await appendEvents(tx, [runChanged(run, "running")]);
    return true;
  });
  return done === true;
}

/** running → completed/failed for an agent step; a failed step fails its run. */
export function finishAgentStep(
  db: Db,
  run: EngineRun,
  stepRun: EngineStepRun,
  result: { ok: boolean; output: string | null; error: string | null },
) {
  const now = new Date();
  const status: RunStatus = result.ok ? "running" : "failed";
  return guarded(db, async (tx) => {
    const failure = result.ok
      ? {}
      : { status, error: `step "${stepRun.stepId}" failed: ${result.error ?? "no reason given"}`, finishedAt: now };
    await moveRun(tx, run, "running", failure);
    ensure(
      (
        await tx.stepRun.updateMany({
          where: { id: stepRun.id, status: "running" },
          data: {
            status: result.ok ? "completed" : "failed",
            output: result.output,
            error: result.error,
            finishedAt: now,
          },
        })
      ).count,
    );
    await appendEvents(tx, [runChanged(run, status)]);
    return status;
  });
}

/** `changes_requested` → "changes requested", `timed_out` → "timed out" */
export const approvalStatusWords = (status: string) => status.replaceAll("_", " ");

function decisionSummary(
  outcome: string,
  decisions: {
    decision: string;
    comment: string | null;
    user: { email: string };
    onBehalfOf: { email: string } | null;
  }[],
): string {
  const lines = decisions.map((d) => {
    const who = d.onBehalfOf ? `${d.user.email} for ${d.onBehalfOf.email}` : d.user.email;
    return `${who}: ${d.decision}${d.comment ? ` — ${d.comment}` : ""}`;
  });
  return [outcome, ...lines].join("\n");
}

/** A request for changes takes the rejection path, so its step ends rejected (the approval keeps its own status). */
const STEP_STATUS_OF_APPROVAL: Record<string, string> = {
  approved: "completed",
  rejected: "rejected",
  changes_requested: "rejected",
  timed_out: "timed_out",
};

/**
 * A decided approval resumes its paused run: paused → running (or → cancelled when a rejection ends the run), the
 * waiting step run takes the approval's outcome. Returns the run's new status, or null when someone else did it.
 */
export function resumeRun(db: Db, run: EngineRun, stepRun: EngineStepRun, approvalStatus: string, cancels: boolean) {
  const now = new Date();
  const next: RunStatus = cancels ? "cancelled" : "running";
  return guarded(db, async (tx) => {
    await moveRun(tx, run, "paused", {
      status: next,
      ...(cancels ? { finishedAt: now, error: `"${stepRun.stepId}": ${approvalStatusWords(approvalStatus)}` } : {}),
    });
    const decisions = await tx.approvalDecision.findMany({
      where: { approvalId: stepRun.approval!.id },
      orderBy: { createdAt: "asc" },
      include: { user: { select: { email: true } }, onBehalfOf: { select: { email: true } } },
    });
    ensure(
      (
        await tx.stepRun.updateMany({
          where: { id: stepRun.id, status: "waiting" },
          data: {
            status: STEP_STATUS_OF_APPROVAL[approvalStatus],
            output: decisionSummary(approvalStatusWords(approvalStatus), decisions),
            finishedAt: now,
          },
        })
      ).count,
    );
    await appendEvents(tx, [runChanged(run, next)]);
    return next;
  });
}

/** running → completed/failed/cancelled at the end of the run. */
export async function finishRun(
  db: Db,
  run: EngineRun,
  status: "completed" | "failed" | "cancelled",
  error: string | null,
): Promise<boolean> {
  const done = await guarded(db, async (tx) => {
    await moveRun(tx, run, "running", {
      status,
      error,
      currentStepId: status === "completed" ? null : run.currentStepId,
      finishedAt: new Date(),
    });
    await appendEvents(tx, [runChanged(run, status)]);
    return true;
  });
  return done === true;
}

/** pending → timed_out once the deadline passed, announced with approval_decided (which resumes the run). */
export async function timeOutApproval(db: Db, approvalId: string, now: Date): Promise<boolean> {
  const done = await guarded(db, async (tx) => {
    ensure(
      (
        await tx.approval.updateMany({
          where: { id: approvalId, status: "pending", deadlineAt: { lte: now } },
          data: { status: "timed_out", decidedAt: now },
        })
      ).count,
    );
    const comments = await tx.approvalDecision.findMany({
      where: { approvalId },
      orderBy: { createdAt: "asc" },
      select: { comment: true },
    });
    const a = await tx.approval.update({
      where: { id: approvalId },
      data: { comment: joinComments(comments.map((c) => c.comment)) },
    });
    await appendEvents(tx, await approvalEvents("approval_decided", { ...a, approvers: approversOf(a) }, tx));
    await auditWrite(tx, SYSTEM_ACTOR, {
      action: "approval.timed_out",
      targetType: "approval",
      targetId: a.id,
      targetLabel: `${a.processName}: ${a.title}`,
      before: { status: "pending", deadlineAt: a.deadlineAt?.toISOString() ?? null },
      after: { status: "timed_out", onTimeout: a.onTimeout },
    });
    return true;
  });
  return done === true;
}
