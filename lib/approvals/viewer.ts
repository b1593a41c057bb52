// The person asking about approvals, as the eligibility rules need them: the approver groups they belong to and who
// has handed them approvals right now. Read at the moment of asking, so a member added to a group or a delegation
// made a minute ago counts on the next request, and an ended or revoked one no longer does.
import { db, type Tx } from "@/lib/db";
import type { Delegator, Person, Viewer } from "./eligibility";

const groupsSelect = { approverGroups: { select: { group: { select: { name: true } } } } } as const;

const groupNames = (u: { approverGroups: { group: { name: string } }[] }) => u.approverGroups.map((m) => m.group.name);

/** The delegations that apply now: one approval (until revoked), or all of the delegator's for a period covering now. */
export const activeDelegationWhere = (now: Date) => ({
  revokedAt: null,
  OR: [{ approvalId: { not: null } }, { approvalId: null, startsAt: { lte: now }, endsAt: { gt: now } }],
});

export async function loadViewer<P extends Person>(who: P, tx: Tx = db, now = new Date()): Promise<P & Viewer> {
  const [me, delegations] = await Promise.all([
    tx.user.findUnique({ where: { id: who.userId }, select: groupsSelect }),
    tx.approvalDelegation.findMany({
      where: { toUserId: who.userId, ...activeDelegationWhere(now) },
      select: {
        approvalId: true,
        fromUser: { select: { id: true, email: true, role: true, banned: true, ...groupsSelect } },
      },
      take: 500,
    }),
  ]);
  const delegators: Delegator[] = delegations
    .filter((d) => d.fromUser.banned !== true)
    .map((d) => ({
      userId: d.fromUser.id,
      email: d.fromUser.email,
      role: d.fromUser.role,
      groups: groupNames(d.fromUser),
      approvalId: d.approvalId,
    }));
  return { ...who, groups: me ? groupNames(me) : [], delegators };
}
