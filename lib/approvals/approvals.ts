// Approvals on the web side: the inbox (only what the person may see), one approval, and deciding. Each person's
// decision is a unique row written only while the approval is pending (a second one is a 409); the quorum or a
// rejection closes the approval in the same transaction (decisions.ts), and a worker resumes the run when it hears
// the approval_decided written there.
import { auditActor } from "@/lib/audit";
import type { Identity } from "@/lib/auth/identity";
import { db } from "@/lib/db";
import { conflict, forbidden, notFound } from "@/lib/errors";
import type { ApprovalDto, ApprovalListQuery, DecideInput } from "@/lib/processes/schemas";
import { recordDecision } from "./decisions";
import { type ApprovalRow, approvalInclude, canDecide, canSeeApprovalRow, deciderOf, toApprovalDto } from "./dto";
import { loadViewer } from "./viewer";

/** rows read per query while filling a page of the inbox */
const SCAN_BATCH = 200;

async function getRowOrThrow(id: string): Promise<ApprovalRow> {
  const row = await db.approval.findUnique({ where: { id }, include: approvalInclude });
  if (!row) throw notFound(`Approval "${id}"`);
  return row;
}

/**
 * The approvals the person may see, newest first, a page at a time (`cursor`: the last id of the previous page), and
 * how many pending ones they may decide now. Who may see a row depends on its approvers list, so rows are read in
 * batches until the page is full.
 */
export async function listApprovals(
  q: ApprovalListQuery,
  who: Identity,
): Promise<{ approvals: ApprovalDto[]; nextCursor: string | null; pendingCount: number }> {
  const viewer = await loadViewer(who);
  const where = q.status === "all" ? {} : { status: q.status };
  const visible: ApprovalRow[] = [];
  let after = q.cursor;
  for (;;) {
    const rows = await db.approval.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: SCAN_BATCH,
      ...(after ? { cursor: { id: after }, skip: 1 } : {}),
      include: approvalInclude,
    });
    visible.push(...rows.filter((r) => canSeeApprovalRow(r, viewer)));
    if (rows.length < SCAN_BATCH || visible.length > q.limit) break;
    after = rows[rows.length - 1].id;
  }
  const page = visible.slice(0, q.limit);
  const people = [who.userId, ...(viewer.delegators ?? []).map((d) => d.userId)];
  const pending = await db.approval.findMany({
    where: { status: "pending" },
    select: {
      id: true,
      status: true,
      approvers: true,
      allowSelfApproval: true,
      startedById: true,
      deadlineAt: true,
      // Only the decisions that can matter to this person: theirs, and those counted for them or their delegators.
      decisions: {
        where: { OR: [{ userId: { in: people } }, { onBehalfOfId: { in: people } }] },
        select: { userId: true, onBehalfOfId: true },
      },
    },
  });
  return {
    approvals: page.map((r) => toApprovalDto(r, viewer)),
    nextCursor: visible.length > q.limit ? page[page.length - 1].id : null,
    pendingCount: pending.filter((r) => canDecide(r, viewer)).length,
  };
}

export async function getApproval(id: string, who: Identity): Promise<ApprovalDto> {
  const [row, viewer] = await Promise.all([getRowOrThrow(id), loadViewer(who)]);
  if (!canSeeApprovalRow(row, viewer))
    throw forbidden("You are not an approver of this approval and did not start its run");
  return toApprovalDto(row, viewer);
}

/**
 * Records the person's decision, for themselves or, as a delegate, for the approver who handed them the approval
 * (group membership and delegations are read now). `actionTokenId`: the one-click link it is made with.
 */
export async function decideApproval(
  id: string,
  input: DecideInput,
  who: Identity,
  opts: { actionTokenId?: string } = {},
): Promise<ApprovalDto> {
  const [row, viewer] = await Promise.all([getRowOrThrow(id), loadViewer(who)]);
  const decider = deciderOf(row, viewer);
  const counted = row.decisions.some((d) => d.userId === who.userId || d.onBehalfOfId === who.userId);
  if (!decider.ok && !counted) throw forbidden(decider.reason);
  if (row.status !== "pending")
    throw conflict(`This approval is already ${row.status.replace("_", " ")}`, { status: row.status });
  if (!decider.ok) throw conflict(decider.reason);
  await recordDecision(row.id, who.userId, input.decision, input.comment || null, {
    onBehalfOfId: decider.onBehalfOf?.userId ?? null,
    actionTokenId: opts.actionTokenId,
    actor: auditActor(who),
  });
  return toApprovalDto(await getRowOrThrow(id), viewer);
}
