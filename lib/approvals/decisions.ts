// Recording a decision: one short transaction that locks the approval's row (PostgreSQL; SQLite's write transaction
// already excludes every other writer), so deciders of one approval count one after the other. In it the decision is
// inserted only while the approval is pending and before its deadline (the worker applies the timeout, but it may be
// down when the deadline passes); a rejection, a request for changes or the quorum closes the approval (keeping the
// deciding comment(s) for {{steps.<id>.comment}}), and the events announcing both are
// appended (approval_decided is what a worker resumes the run on). The unique (approval, user) index keeps one
// decision per decider, and the locked read keeps one per person counted (a delegate's decision counts as the
// approver's). A decision made through a one-click link marks the link used in the same transaction, conditionally,
// so a link decides at most once. The audit entry of the decision is written in the same transaction too.
import type { AuditActor } from "@/lib/audit";
import { db, dialect, type Tx } from "@/lib/db";
import { isUniqueViolation, retryWhileBusy } from "@/lib/db/errors";
import { conflict, notFound } from "@/lib/errors";
import { appendEvents, type OutboxEvent } from "@/lib/events/outbox";
import { processRunChangedEvent } from "@/lib/processes/events";
import type { Decision } from "@/lib/processes/schemas";
import { auditDecision } from "./audit";
import { approversOf, isPastDeadline } from "./dto";
import { approvalEvents } from "./recipients";

export type Outcome = "approved" | "rejected" | "changes_requested" | null;

/** Database work only; the bound is for a stuck connection. */
const TX_OPTIONS = { maxWait: 10_000, timeout: 10_000 };

type Locked = NonNullable<Awaited<ReturnType<typeof readLocked>>>;

async function readLocked(tx: Tx, approvalId: string) {
  await tx.$queryRaw`SELECT "id" FROM "Approval" WHERE "id" = ${approvalId} ${dialect().forUpdate}`;
  return tx.approval.findUnique({
    where: { id: approvalId },
    include: { decisions: { select: { userId: true, decision: true, comment: true, onBehalfOfId: true } } },
  });
}

/** The 409 for a decision that may not count now, or null when it may. */
function refusal(a: Locked, userId: string, onBehalfOfId: string | null, now: Date) {
  if (a.status !== "pending")
    return conflict(`This approval is already ${a.status.replace("_", " ")}`, { status: a.status });
  if (isPastDeadline(a, now.getTime())) {
    return conflict(
      `The deadline of this approval passed at ${a.deadlineAt!.toISOString()}; decisions are no longer accepted`,
      {
        status: a.status,
        deadlineAt: a.deadlineAt!.toISOString(),
      },
    );
  }
  if (a.decisions.some((d) => d.userId === userId)) return conflict("You already decided this approval");
  const counted = (id: string) => a.decisions.some((d) => (d.onBehalfOfId ?? d.userId) === id);
  if (counted(onBehalfOfId ?? userId)) {
    return conflict(
      onBehalfOfId ? "The approver you decide for already decided" : "Someone you delegated to already decided for you",
    );
  }
  return null;
}

async function eventsOf(tx: Tx, a: Locked, outcome: Outcome): Promise<OutboxEvent[]> {
  const events = outcome
    ? await approvalEvents("approval_decided", { ...a, status: outcome, approvers: approversOf(a) }, tx)
    : [];
  // The run's page shows the decisions as they come, so its watchers hear of each one.
  const run = await tx.processRun.findUnique({
    where: { id: a.runId },
    select: { id: true, processId: true, status: true, startedById: true },
  });
  return run ? [...events, processRunChangedEvent(run)] : events;
}

function outcomeOf(decision: Decision, approvals: number, required: number): Outcome {
  if (decision === "reject") return "rejected";
  if (decision === "request_changes") return "changes_requested";
  return approvals >= required ? "approved" : null;
}

/** The comments of an approval's decisions, one per line (null when nobody wrote one). */
export function joinComments(comments: (string | null)[]): string | null {
  const written = comments.filter((c): c is string => !!c);
  return written.length > 0 ? written.join("\n") : null;
}

export interface DecisionOptions {
  /** the approver a delegate decides for */
  onBehalfOfId?: string | null;
  /** the one-click link the decision is made with: marked used in the same transaction, once */
  actionTokenId?: string;
  /** who the audit log names for the decision (written in the same transaction) */
  actor?: AuditActor;
}

/** Marks the link used if it is unused and unexpired; false when it no longer is (used meanwhile, or expired). */
async function useActionToken(tx: Tx, id: string, userId: string, now: Date): Promise<boolean> {
  const { count } = await tx.approvalActionToken.updateMany({
    where: { id, userId, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  return count === 1;
}

/**
 * Records one person's decision and closes the approval when it decides it: any rejection rejects, any request
 * for changes closes it as changes_requested, the quorum of approvals approves. Answers the status it closed the
 * approval with (null while it stays pending); 409 when the approval is closed, past its deadline, or the person
 * already decided.
 */
export async function recordDecision(
  approvalId: string,
  userId: string,
  decision: Decision,
  comment: string | null,
  opts: DecisionOptions = {},
): Promise<Outcome> {
  const onBehalfOfId = opts.onBehalfOfId ?? null;
  try {
    return await retryWhileBusy(() =>
      db.$transaction(async (tx) => {
        const now = new Date();
        const a = await readLocked(tx, approvalId);
        if (!a) throw notFound(`Approval "${approvalId}"`);
        const refused = refusal(a, userId, onBehalfOfId, now);
        if (refused) throw refused;
        if (opts.actionTokenId && !(await useActionToken(tx, opts.actionTokenId, userId, now)))
          throw conflict("This link was already used or has expired");
        await tx.approvalDecision.create({
          data: { approvalId, userId, onBehalfOfId, decision, comment, createdAt: now },
        });
        const approvals = a.decisions.filter((d) => d.decision === "approve").length + (decision === "approve" ? 1 : 0);
        const outcome = outcomeOf(decision, approvals, a.requiredApprovals);
        if (outcome) {
          const deciding =
            decision === "request_changes" ? comment : joinComments([...a.decisions.map((d) => d.comment), comment]);
          await tx.approval.update({
            where: { id: approvalId },
            data: { status: outcome, decidedAt: now, comment: deciding },
          });
        }
        await appendEvents(tx, await eventsOf(tx, a, outcome));
        if (opts.actor)
          await auditDecision(tx, opts.actor, a, {
            decision,
            comment,
            outcome,
            onBehalfOfId,
            viaLink: Boolean(opts.actionTokenId),
          });
        return outcome;
      }, TX_OPTIONS),
    );
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict("You already decided this approval");
    throw err;
  }
}
