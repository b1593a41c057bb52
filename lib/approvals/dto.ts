// Approval rows to the public JSON shape; `canDecide` is answered for the person asking.
import type { Prisma } from "@/lib/db/client-types";
import type { ApprovalContext, ApprovalDto, ApprovalStatus, Decision, UserRef } from "@/lib/processes/schemas";
import { canSeeApproval, deciderFor, type Viewer } from "./eligibility";

export const userRefSelect = { id: true, name: true, email: true } as const;

export const approvalInclude = {
  stepRun: { select: { stepId: true } },
  run: { select: { processId: true, startedBy: { select: userRefSelect } } },
  decisions: {
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    include: { user: { select: userRefSelect }, onBehalfOf: { select: userRefSelect } },
  },
} satisfies Prisma.ApprovalInclude;

export type ApprovalRow = Prisma.ApprovalGetPayload<{ include: typeof approvalInclude }>;

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export const approversOf = (row: { approvers: string }) => parseJson<string[]>(row.approvers, []);

export const canSeeApprovalRow = (
  row: { id: string; approvers: string; startedById: string | null; decisions?: { userId: string }[] },
  person: Viewer,
) =>
  canSeeApproval(
    {
      id: row.id,
      approvers: approversOf(row),
      startedById: row.startedById,
      deciderIds: row.decisions?.map((d) => d.userId),
    },
    person,
  );

/** The deadline has passed; the worker may not have applied the timeout yet (it was down), but nobody decides now. */
export const isPastDeadline = (row: { deadlineAt: Date | null }, now = Date.now()) =>
  row.deadlineAt !== null && row.deadlineAt.getTime() <= now;

type DecidableRow = Pick<ApprovalRow, "id" | "approvers" | "allowSelfApproval" | "startedById"> & {
  decisions: { userId: string; onBehalfOfId: string | null }[];
};

/** Whether and for whom the person may decide the row (themselves, or an approver who delegated to them). */
export const deciderOf = (row: DecidableRow, person: Viewer) =>
  deciderFor(
    {
      id: row.id,
      approvers: approversOf(row),
      allowSelfApproval: row.allowSelfApproval,
      startedById: row.startedById,
      decisions: row.decisions,
    },
    person,
  );

/** Pending and before its deadline, and the person may decide it (for themselves or as a delegate) and has not. */
export function canDecide(row: DecidableRow & Pick<ApprovalRow, "status" | "deadlineAt">, person: Viewer): boolean {
  if (row.status !== "pending" || isPastDeadline(row)) return false;
  return deciderOf(row, person).ok;
}

/** The approver a delegate decides for, as a reference (name as far as the row knows it). */
function userRefOf(row: ApprovalRow, person: { userId: string; email: string }): UserRef {
  const known = [row.run.startedBy, ...row.decisions.flatMap((d) => [d.user, d.onBehalfOf])].find(
    (u) => u?.id === person.userId,
  );
  return known ?? { id: person.userId, name: person.email, email: person.email };
}

export function toApprovalDto(row: ApprovalRow, viewer: Viewer): ApprovalDto {
  const decider = row.status === "pending" && !isPastDeadline(row) ? deciderOf(row, viewer) : ({ ok: false } as const);
  const decisions = row.decisions.map((d) => ({
    user: d.user as UserRef,
    onBehalfOf: (d.onBehalfOf as UserRef | null) ?? null,
    decision: d.decision as Decision,
    comment: d.comment,
    createdAt: d.createdAt.toISOString(),
  }));
  return {
    id: row.id,
    runId: row.runId,
    processId: row.run.processId,
    processName: row.processName,
    stepId: row.stepRun.stepId,
    title: row.title,
    description: row.description,
    context: parseJson<ApprovalContext>(row.context, { input: {}, steps: {} }),
    startedBy: row.run.startedBy,
    approvers: approversOf(row),
    requiredApprovals: row.requiredApprovals,
    allowSelfApproval: row.allowSelfApproval,
    status: row.status as ApprovalStatus,
    deadlineAt: iso(row.deadlineAt),
    onTimeout: row.onTimeout === "approve" ? "approve" : "reject",
    createdAt: row.createdAt.toISOString(),
    decidedAt: iso(row.decidedAt),
    decisions,
    approveCount: decisions.filter((d) => d.decision === "approve").length,
    rejectCount: decisions.filter((d) => d.decision === "reject").length,
    comment: row.comment,
    remindersSent: row.remindersSent,
    nextReminderAt: row.status === "pending" ? iso(row.nextReminderAt) : null,
    escalateTo: parseJson<string[]>(row.escalateTo, []),
    escalatedAt: iso(row.escalatedAt),
    canDecide: decider.ok,
    decidingFor: decider.ok && decider.onBehalfOf ? userRefOf(row, decider.onBehalfOf) : null,
    canDelegate: decider.ok && decider.onBehalfOf === null,
  };
}
