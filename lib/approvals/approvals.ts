// Approvals on the web side: the inbox (only what the person may see), one approval, and deciding. Deciding is one
// transaction that starts with a conditional write on the pending approval, so concurrent deciders queue up on it:
// each person's decision is a unique row (a second one is a 409), the quorum or a rejection closes the approval
// (pending → approved/rejected), and the worker resumes the run when it hears approval_decided.
import type { Identity } from "../auth/identity";
import { db } from "../db";
import { conflict, forbidden, notFound } from "../errors";
import { retryBusy } from "../processes/busy-retry";
import { processRunChangedEvent } from "../processes/events";
import type { ApprovalDto, ApprovalListQuery, DecideInput } from "../processes/schemas";
import { publish } from "../realtime/publisher";
import { approvalInclude, approversOf, canDecide, toApprovalDto, type ApprovalRow } from "./dto";
import { eligibility, isNamedApprover } from "./eligibility";
import { approvalEvents } from "./recipients";

const LISTED = 200;
const TX_OPTIONS = { maxWait: 30_000, timeout: 15_000 };

/** Admins, the run's starter and anyone named (or everyone, when nobody is named) may see an approval. */
export function canSee(row: { approvers: string; startedById: string | null }, who: Identity): boolean {
  return who.role === "admin" || row.startedById === who.userId || isNamedApprover(approversOf(row), who);
}

async function getRowOrThrow(id: string): Promise<ApprovalRow> {
  const row = await db.approval.findUnique({ where: { id }, include: approvalInclude });
  if (!row) throw notFound(`Approval "${id}"`);
  return row;
}

export async function listApprovals(q: ApprovalListQuery, who: Identity): Promise<{ approvals: ApprovalDto[]; pendingCount: number }> {
  const rows = await db.approval.findMany({
    where: q.status === "all" ? {} : { status: q.status },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: LISTED,
    include: approvalInclude,
  });
  const pending = await db.approval.findMany({ where: { status: "pending" }, include: approvalInclude });
  return {
    approvals: rows.filter((r) => canSee(r, who)).map((r) => toApprovalDto(r, who)),
    pendingCount: pending.filter((r) => canDecide(r, who)).length,
  };
}

export async function getApproval(id: string, who: Identity): Promise<ApprovalDto> {
  const row = await getRowOrThrow(id);
  if (!canSee(row, who)) throw forbidden("You are not an approver of this approval and did not start its run");
  return toApprovalDto(row, who);
}

type Outcome = "approved" | "rejected" | null;

/** The decision row and, when it settles the approval, the approval's new status, in one transaction. */
function recordDecision(row: ApprovalRow, input: DecideInput, who: Identity): Promise<Outcome> {
  return retryBusy(() => db.$transaction(async (tx) => {
    // Written first: it takes the write lock and proves the approval is still pending at this moment.
    const open = await tx.approval.updateMany({ where: { id: row.id, status: "pending" }, data: { status: "pending" } });
    if (open.count === 0) throw conflict("This approval was already decided");
    try {
      await tx.approvalDecision.create({ data: { approvalId: row.id, userId: who.userId, decision: input.decision, comment: input.comment || null } });
    } catch (err) {
      if ((err as { code?: string }).code === "P2002") throw conflict("You already decided this approval");
      throw err;
    }
    const approvals = await tx.approvalDecision.count({ where: { approvalId: row.id, decision: "approve" } });
    const outcome: Outcome = input.decision === "reject" ? "rejected" : approvals >= row.requiredApprovals ? "approved" : null;
    if (outcome) await tx.approval.update({ where: { id: row.id }, data: { status: outcome, decidedAt: new Date() } });
    return outcome;
  }, TX_OPTIONS));
}

async function announce(row: ApprovalRow, outcome: Outcome): Promise<void> {
  const run = await db.processRun.findUnique({ where: { id: row.runId }, select: { id: true, processId: true, status: true, startedById: true } });
  if (outcome) {
    const events = await approvalEvents("approval_decided", { ...row, status: outcome, approvers: approversOf(row) }, db);
    events.forEach(publish);
  }
  if (run) publish(processRunChangedEvent(run));
}

export async function decideApproval(id: string, input: DecideInput, who: Identity): Promise<ApprovalDto> {
  const row = await getRowOrThrow(id);
  const allowed = eligibility({ approvers: approversOf(row), allowSelfApproval: row.allowSelfApproval, startedById: row.startedById }, who);
  if (!allowed.ok) throw forbidden(allowed.reason);
  if (row.status !== "pending") throw conflict(`This approval is already ${row.status.replace("_", " ")}`, { status: row.status });
  const outcome = await recordDecision(row, input, who);
  await announce(row, outcome);
  return toApprovalDto(await getRowOrThrow(id), who);
}
