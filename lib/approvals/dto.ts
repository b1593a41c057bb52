// Approval rows to the public JSON shape; `canDecide` is answered for the person asking.
import type { Prisma } from "@/lib/db/client-types";
import type { ApprovalContext, ApprovalDto, ApprovalStatus, Decision, UserRef } from "@/lib/processes/schemas";
import { canSeeApproval, eligibility, type Person } from "./eligibility";

export const userRefSelect = { id: true, name: true, email: true } as const;

export const approvalInclude = {
  stepRun: { select: { stepId: true } },
  run: { select: { processId: true, startedBy: { select: userRefSelect } } },
  decisions: { orderBy: [{ createdAt: "asc" }, { id: "asc" }], include: { user: { select: userRefSelect } } },
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

export const canSeeApprovalRow = (row: { approvers: string; startedById: string | null }, person: Person) =>
  canSeeApproval({ approvers: approversOf(row), startedById: row.startedById }, person);

/** The deadline has passed; the worker may not have applied the timeout yet (it was down), but nobody decides now. */
export const isPastDeadline = (row: { deadlineAt: Date | null }, now = Date.now()) =>
  row.deadlineAt !== null && row.deadlineAt.getTime() <= now;

/** Pending and before its deadline, the person is eligible, and has not decided yet. */
export function canDecide(
  row: Pick<ApprovalRow, "status" | "approvers" | "allowSelfApproval" | "startedById" | "deadlineAt"> & {
    decisions: { userId: string }[];
  },
  person: Person,
): boolean {
  if (row.status !== "pending" || isPastDeadline(row)) return false;
  if (row.decisions.some((d) => d.userId === person.userId)) return false;
  return eligibility(
    { approvers: approversOf(row), allowSelfApproval: row.allowSelfApproval, startedById: row.startedById },
    person,
  ).ok;
}

export function toApprovalDto(row: ApprovalRow, viewer: Person): ApprovalDto {
  const decisions = row.decisions.map((d) => ({
    user: d.user as UserRef,
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
    canDecide: canDecide(row, viewer),
  };
}
