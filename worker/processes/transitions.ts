// The engine's writes. Each transition is one transaction that starts with a conditional write on the run (status
// and version as read) or on the step/approval (status as read); when that matches no row another worker or the
// web got there first and the transition is a no-op (null / false).
import type { Db } from "../../lib/db";
import type { Prisma } from "../../lib/db/client-types";
import { parseJson } from "../../lib/approvals/dto";
import { retryBusy } from "../../lib/processes/busy-retry";
import { definitionOf } from "../../lib/processes/dto";
import { contextOf } from "../../lib/processes/progress";
import { durationSeconds, type HumanApprovalStep, type ProcessDefinition, type ProcessStep } from "../../lib/processes/schemas";
import { renderTemplate } from "../../lib/processes/templates";

const TX_OPTIONS = { maxWait: 15_000, timeout: 15_000 };

export const engineRunInclude = {
  steps: {
    orderBy: [{ startedAt: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    include: { approval: { select: { id: true, status: true, onTimeout: true } } },
  },
} satisfies Prisma.ProcessRunInclude;

export type EngineRun = Prisma.ProcessRunGetPayload<{ include: typeof engineRunInclude }> & { def: ProcessDefinition; inputObject: Record<string, unknown> };
export type EngineStepRun = EngineRun["steps"][number];

/** Thrown inside a transaction to roll it back when its guarding write matched nothing. */
class Lost extends Error {}

async function guarded<T>(db: Db, fn: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T | null> {
  try {
    return await retryBusy(() => db.$transaction(fn, TX_OPTIONS));
  } catch (err) {
    // Lost: the guard matched nothing; P2002: another worker inserted the same step visit first.
    if (err instanceof Lost || (err as { code?: string }).code === "P2002") return null;
    throw err;
  }
}

function ensure(count: number): void {
  if (count === 0) throw new Lost();
}

export async function loadRun(db: Db, id: string): Promise<EngineRun | null> {
  const row = await db.processRun.findUnique({ where: { id }, include: engineRunInclude });
  return row ? { ...row, def: definitionOf(row), inputObject: parseJson<Record<string, unknown>>(row.input, {}) } : null;
}

const runGuard = (run: EngineRun, status = run.status) => ({ id: run.id, status, version: run.version });

export interface ClaimedStep {
  stepRun: { id: string };
  approvalId: string | null;
}

/** Starts a visit of an agent step: the run points at it and a running step run exists. */
export function claimAgentStep(db: Db, run: EngineRun, step: ProcessStep, iteration: number): Promise<ClaimedStep | null> {
  return guarded(db, async (tx) => {
    ensure((await tx.processRun.updateMany({ where: runGuard(run, "running"), data: { currentStepId: step.id, version: { increment: 1 } } })).count);
    const stepRun = await tx.stepRun.create({ data: { runId: run.id, stepId: step.id, type: step.type, iteration, status: "running" }, select: { id: true } });
    return { stepRun, approvalId: null };
  });
}

/** The approval a step asks for, made before the claim so the announcement needs no read after it. */
export function draftApproval(run: EngineRun, step: HumanApprovalStep, now: Date) {
  const ctx = contextOf(run.inputObject, run.steps);
  const approvers = step.approvers ?? [];
  return {
    processName: run.processName,
    title: renderTemplate(step.title, ctx).slice(0, 500),
    description: renderTemplate(step.description ?? "", ctx),
    context: JSON.stringify(ctx),
    startedById: run.startedById,
    approvers,
    requiredApprovals: step.required_approvals ?? 1,
    allowSelfApproval: step.allow_self_approval ?? false,
    deadlineAt: step.timeout ? new Date(now.getTime() + durationSeconds(step.timeout) * 1000) : null,
    onTimeout: step.on_timeout ?? "reject",
  };
}
export type ApprovalDraft = ReturnType<typeof draftApproval>;

/** Reaches an approval step: the run pauses, a waiting step run and a pending approval with its context exist. */
export function claimApprovalStep(db: Db, run: EngineRun, step: HumanApprovalStep, iteration: number, draft: ApprovalDraft): Promise<ClaimedStep | null> {
  return guarded(db, async (tx) => {
    ensure((await tx.processRun.updateMany({ where: runGuard(run, "running"), data: { status: "paused", currentStepId: step.id, version: { increment: 1 } } })).count);
    const stepRun = await tx.stepRun.create({ data: { runId: run.id, stepId: step.id, type: step.type, iteration, status: "waiting" }, select: { id: true } });
    const approval = await tx.approval.create({
      data: { ...draft, approvers: JSON.stringify(draft.approvers), runId: run.id, stepRunId: stepRun.id },
      select: { id: true },
    });
    return { stepRun, approvalId: approval.id };
  });
}

export async function recordExecutionId(db: Db, stepRunId: string, executionId: string): Promise<void> {
  await db.stepRun.updateMany({ where: { id: stepRunId, executionId: null }, data: { executionId } });
}

/** running → completed/failed for an agent step; a failed step fails its run in the same transaction. */
export function finishAgentStep(db: Db, run: EngineRun, stepRun: EngineStepRun, result: { ok: boolean; output: string | null; error: string | null }) {
  const now = new Date();
  return guarded(db, async (tx) => {
    ensure((await tx.stepRun.updateMany({
      where: { id: stepRun.id, status: "running" },
      data: { status: result.ok ? "completed" : "failed", output: result.output, error: result.error, finishedAt: now },
    })).count);
    if (!result.ok) {
      const error = `step "${stepRun.stepId}" failed: ${result.error ?? "no reason given"}`;
      await tx.processRun.updateMany({ where: { id: run.id, status: "running" }, data: { status: "failed", error, finishedAt: now, version: { increment: 1 } } });
    }
    return true;
  });
}

function decisionSummary(outcome: string, decisions: { decision: string; comment: string | null; user: { email: string } }[]): string {
  const lines = decisions.map((d) => `${d.user.email}: ${d.decision}${d.comment ? ` — ${d.comment}` : ""}`);
  return [outcome, ...lines].join("\n");
}

const STEP_STATUS_OF_APPROVAL: Record<string, string> = { approved: "completed", rejected: "rejected", timed_out: "timed_out" };

/**
 * A decided approval resumes its paused run: paused → running (or → cancelled when a rejection ends the run), the
 * waiting step run takes the approval's outcome. Returns the run's new status, or null when someone else did it.
 */
export function resumeRun(db: Db, run: EngineRun, stepRun: EngineStepRun, approvalStatus: string, cancels: boolean) {
  const now = new Date();
  const next = cancels ? "cancelled" : "running";
  return guarded(db, async (tx) => {
    ensure((await tx.processRun.updateMany({
      where: runGuard(run, "paused"),
      data: { status: next, version: { increment: 1 }, ...(cancels ? { finishedAt: now, error: `"${stepRun.stepId}" was ${approvalStatus.replace("_", " ")}` } : {}) },
    })).count);
    const decisions = await tx.approvalDecision.findMany({ where: { approvalId: stepRun.approval!.id }, orderBy: { createdAt: "asc" }, include: { user: { select: { email: true } } } });
    await tx.stepRun.updateMany({
      where: { id: stepRun.id, status: "waiting" },
      data: { status: STEP_STATUS_OF_APPROVAL[approvalStatus], output: decisionSummary(approvalStatus.replace("_", " "), decisions), finishedAt: now },
    });
    return next;
  });
}

/** running → completed/failed/cancelled at the end of the run. */
export async function finishRun(db: Db, run: EngineRun, status: "completed" | "failed" | "cancelled", error: string | null): Promise<boolean> {
  const { count } = await db.processRun.updateMany({
    where: runGuard(run, "running"),
    data: { status, error, currentStepId: status === "completed" ? null : run.currentStepId, finishedAt: new Date(), version: { increment: 1 } },
  });
  return count === 1;
}

/** pending → timed_out once the deadline passed. */
export async function timeOutApproval(db: Db, approvalId: string, now: Date): Promise<boolean> {
  const { count } = await db.approval.updateMany({
    where: { id: approvalId, status: "pending", deadlineAt: { lte: now } },
    data: { status: "timed_out", decidedAt: now },
  });
  return count === 1;
}
