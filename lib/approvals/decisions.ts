// Recording a decision as conditional writes, without an interactive transaction:
// 1. the decision row is inserted only while the approval is pending, before its deadline (the worker applies the
//    timeout, but it may be down when the deadline passes) and, for an approval, while the quorum is not full yet;
//    the unique (approval, user) index keeps one decision per person, and the approval's row is locked for the
//    insert (PostgreSQL) so concurrent deciders count one after the other;
// 2. the approval is settled with pending → approved/rejected; of racing deciders exactly one write matches.
// A process that dies between 1 and 2 leaves a quorum that settle() (run by the worker's sweep) completes.
import crypto from "node:crypto";
import { db, dialect, type Tx } from "../db";
import { Prisma } from "../db/client-types";
import { isUniqueViolation } from "../db/errors";
import { conflict } from "../errors";
import { isPastDeadline } from "./dto";

export type Outcome = "approved" | "rejected" | null;

/**
 * Inserts the decision if it may still count: the approval is pending, its deadline has not passed, nobody rejected
 * it yet, and for an approval the quorum is not full yet. False when it came too late.
 */
async function insertDecision(approvalId: string, userId: string, decision: "approve" | "reject", comment: string | null): Promise<boolean> {
  const quorumOpen = decision === "approve"
    ? Prisma.sql`AND (SELECT COUNT(*) FROM "ApprovalDecision" d WHERE d."approvalId" = a."id" AND d."decision" = 'approve') < a."requiredApprovals"`
    : Prisma.empty;
  const now = new Date();
  try {
    // The approval's row is locked first, so deciders of one approval count the decisions one after the other (on
    // PostgreSQL two inserts at once would otherwise each see the quorum open).
    const [, inserted] = await db.$transaction([
      db.$queryRaw`SELECT "id" FROM "Approval" WHERE "id" = ${approvalId} ${dialect().forUpdate}`,
      db.$executeRaw`
      INSERT INTO "ApprovalDecision" ("id", "approvalId", "userId", "decision", "comment", "createdAt")
      SELECT ${crypto.randomUUID()}, ${approvalId}, ${userId}, ${decision}, ${comment}, ${now} WHERE EXISTS (
        SELECT 1 FROM "Approval" a WHERE a."id" = ${approvalId} AND a."status" = 'pending'
        AND (a."deadlineAt" IS NULL OR a."deadlineAt" > ${now})
        AND NOT EXISTS (SELECT 1 FROM "ApprovalDecision" r WHERE r."approvalId" = a."id" AND r."decision" = 'reject') ${quorumOpen})`,
    ]);
    return inserted === 1;
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict("You already decided this approval");
    throw err;
  }
}

/** The 409 for a decision the insert refused: the deadline passed while still pending, or it was decided meanwhile. */
async function whyRefused(approvalId: string) {
  const row = await db.approval.findUnique({ where: { id: approvalId }, select: { status: true, deadlineAt: true } });
  if (row?.status === "pending" && isPastDeadline(row)) {
    return conflict(`The deadline of this approval passed at ${row.deadlineAt!.toISOString()}; decisions are no longer accepted`, {
      status: row.status,
      deadlineAt: row.deadlineAt!.toISOString(),
    });
  }
  return conflict("This approval was already decided", row ? { status: row.status } : undefined);
}

/** pending → rejected on any rejection, → approved once the quorum is reached; null while neither. */
export async function settle(approvalId: string, tx: Tx = db): Promise<Outcome> {
  const row = await tx.approval.findUnique({ where: { id: approvalId }, select: { requiredApprovals: true, status: true } });
  if (!row || row.status !== "pending") return null;
  const counts = await tx.approvalDecision.groupBy({ by: ["decision"], where: { approvalId }, _count: true });
  const count = (d: string) => counts.find((c) => c.decision === d)?._count ?? 0;
  const outcome: Outcome = count("reject") > 0 ? "rejected" : count("approve") >= row.requiredApprovals ? "approved" : null;
  if (!outcome) return null;
  const { count: won } = await tx.approval.updateMany({ where: { id: approvalId, status: "pending" }, data: { status: outcome, decidedAt: new Date() } });
  return won === 1 ? outcome : null;
}

export interface Recorded {
  /** the status this call closed the approval with, if it was the one to close it */
  settled: Outcome;
  /** false: the decision came too late (the approval closed the other way meanwhile) and was taken back */
  counted: boolean;
}

const MATCHING = { approve: "approved", reject: "rejected" } as const;

/**
 * Records one person's decision and closes the approval when that decides it; 409 when the approval is already
 * closed. A decision that raced with one closing it the other way is taken back (counted: false).
 */
export async function recordDecision(approvalId: string, userId: string, decision: "approve" | "reject", comment: string | null): Promise<Recorded> {
  if (!(await insertDecision(approvalId, userId, decision, comment))) throw await whyRefused(approvalId);
  const settled = await settle(approvalId);
  const status = (await db.approval.findUnique({ where: { id: approvalId }, select: { status: true } }))?.status;
  if (status === "pending" || status === MATCHING[decision]) return { settled, counted: true };
  await db.approvalDecision.deleteMany({ where: { approvalId, userId } });
  return { settled, counted: false };
}
