// Delegation: an approver hands one approval, or all theirs for a period, to someone else, and the hand-over is kept
// (who, to whom, when, revoked when). The delegate then decides as if named; the decision records whom it was for.
// Revoking ends it at once; a decision already made stays.
import { auditActor, auditWrite } from "@/lib/audit";
import type { Identity } from "@/lib/auth/identity";
import { db, type Tx } from "@/lib/db";
import { conflict, fieldError, forbidden, notFound } from "@/lib/errors";
import { appendEvents } from "@/lib/events/outbox";
import { approversOf, isPastDeadline } from "./dto";
import { eligibility } from "./eligibility";
import { approvalEventsTo } from "./recipients";
import type { DelegationCreateInput, DelegationDto } from "./schemas";
import { loadViewer } from "./viewer";

const MAX_LISTED = 200;
/** A period delegation lasts at most this long (a forgotten one should not last for ever). */
const MAX_PERIOD_MS = 366 * 86400_000;

const userRef = { select: { id: true, name: true, email: true } } as const;
const delegationInclude = { fromUser: userRef, toUser: userRef, approval: { select: { id: true, title: true } } };

type DelegationRow = {
  id: string;
  fromUser: { id: string; name: string; email: string };
  toUser: { id: string; name: string; email: string };
  approval: { id: string; title: string } | null;
  startsAt: Date | null;
  endsAt: Date | null;
  createdAt: Date;
  revokedAt: Date | null;
};

const iso = (d: Date | null) => d?.toISOString() ?? null;

function toDelegationDto(row: DelegationRow, now = Date.now()): DelegationDto {
  const inPeriod =
    row.approval !== null ||
    (row.startsAt !== null && row.endsAt !== null && row.startsAt.getTime() <= now && row.endsAt.getTime() > now);
  return {
    id: row.id,
    from: row.fromUser,
    to: row.toUser,
    approval: row.approval,
    startsAt: iso(row.startsAt),
    endsAt: iso(row.endsAt),
    createdAt: row.createdAt.toISOString(),
    revokedAt: iso(row.revokedAt),
    active: row.revokedAt === null && inPeriod,
  };
}

/** The delegate: an existing, unbanned user other than the delegator. */
async function delegateOrThrow(tx: Tx, email: string, who: Identity) {
  const user = await tx.user.findUnique({ where: { email }, select: { id: true, banned: true } });
  if (!user) throw fieldError("to", `No user has the email ${email}`);
  if (user.id === who.userId) throw fieldError("to", "You cannot delegate to yourself");
  if (user.banned === true) throw fieldError("to", `${email} is banned and cannot decide approvals`);
  return user;
}

/**
 * Hands one approval to `to`: only an approver who may decide it themselves (named, by role or group) and has not
 * decided, while it is pending. The delegate hears of it (approval_required to their room) and finds it in their inbox.
 */
export async function delegateApproval(approvalId: string, to: string, who: Identity): Promise<DelegationDto> {
  const viewer = await loadViewer(who);
  return db.$transaction(async (tx) => {
    const a = await tx.approval.findUnique({
      where: { id: approvalId },
      include: { decisions: { select: { userId: true, onBehalfOfId: true } } },
    });
    if (!a) throw notFound(`Approval "${approvalId}"`);
    const rules = { approvers: approversOf(a), allowSelfApproval: a.allowSelfApproval, startedById: a.startedById };
    const own = eligibility(rules, viewer);
    if (!own.ok) throw forbidden(`Only an approver of this approval may delegate it: ${own.reason}`);
    if (a.status !== "pending" || isPastDeadline(a))
      throw conflict(`This approval is already ${a.status === "pending" ? "past its deadline" : a.status}`);
    if (a.decisions.some((d) => d.userId === who.userId || d.onBehalfOfId === who.userId))
      throw conflict("You already decided this approval");
    const delegate = await delegateOrThrow(tx, to, who);
    if (!a.allowSelfApproval && a.startedById === delegate.id)
      throw fieldError("to", "That person started this run, and this step does not allow self-approval");
    const row = await tx.approvalDelegation.create({
      data: { fromUserId: who.userId, toUserId: delegate.id, approvalId },
      include: delegationInclude,
    });
    await appendEvents(tx, approvalEventsTo("approval_required", { ...a, approvers: rules.approvers }, [delegate.id]));
    const dto = toDelegationDto(row);
    await auditDelegation(tx, who, "approval.delegated", dto, { approvalId: a.id });
    return dto;
  });
}

/** The audit entry of a hand-over made or ended, in its transaction. */
function auditDelegation(
  tx: Tx,
  who: Identity,
  action: string,
  d: DelegationDto,
  extra: Record<string, unknown>,
): Promise<void> {
  return auditWrite(tx, auditActor(who), {
    action,
    targetType: "delegation",
    targetId: d.id,
    targetLabel: `${d.from.email} → ${d.to.email}`,
    after: { from: d.from.email, to: d.to.email, ...extra },
  });
}

/** "All mine from … to … go to X". */
export async function createDelegation(input: DelegationCreateInput, who: Identity): Promise<DelegationDto> {
  const now = new Date();
  const startsAt = input.startsAt ? new Date(input.startsAt) : now;
  const endsAt = new Date(input.endsAt);
  if (endsAt.getTime() <= now.getTime()) throw fieldError("endsAt", "must be in the future");
  if (endsAt.getTime() - startsAt.getTime() > MAX_PERIOD_MS)
    throw fieldError("endsAt", "at most a year after startsAt");
  return db.$transaction(async (tx) => {
    const delegate = await delegateOrThrow(tx, input.to, who);
    const row = await tx.approvalDelegation.create({
      data: { fromUserId: who.userId, toUserId: delegate.id, startsAt, endsAt },
      include: delegationInclude,
    });
    const dto = toDelegationDto(row);
    await auditDelegation(tx, who, "delegation.created", dto, { startsAt: dto.startsAt, endsAt: dto.endsAt });
    return dto;
  });
}

/** The delegations the person gave and received, newest first. */
export async function listDelegations(who: Identity): Promise<{ given: DelegationDto[]; received: DelegationDto[] }> {
  const [given, received] = await Promise.all(
    (["fromUserId", "toUserId"] as const).map((key) =>
      db.approvalDelegation.findMany({
        where: { [key]: who.userId },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: MAX_LISTED,
        include: delegationInclude,
      }),
    ),
  );
  const now = Date.now();
  return { given: given.map((r) => toDelegationDto(r, now)), received: received.map((r) => toDelegationDto(r, now)) };
}

/** Ends a delegation now (its giver or an admin); decisions already made stay. */
export async function revokeDelegation(id: string, who: Identity): Promise<DelegationDto> {
  const row = await db.approvalDelegation.findUnique({ where: { id }, select: { fromUserId: true } });
  if (!row) throw notFound(`Delegation "${id}"`);
  if (row.fromUserId !== who.userId && who.role !== "admin")
    throw forbidden("Only who gave a delegation may revoke it");
  return db.$transaction(async (tx) => {
    const { count } = await tx.approvalDelegation.updateMany({
      where: { id, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (count === 0) throw conflict("This delegation is already revoked");
    const dto = toDelegationDto(
      await tx.approvalDelegation.findUniqueOrThrow({ where: { id }, include: delegationInclude }),
    );
    await auditDelegation(tx, who, "delegation.revoked", dto, { revokedAt: dto.revokedAt });
    return dto;
  });
}
