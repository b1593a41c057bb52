// Who hears about an approval: the user rooms of its eligible approvers (named, by role or by group) and of those
// they delegated it to (or "all" when anyone may decide), plus the person who started the run for the decision. A room list is capped per event, so long lists go out in chunks.
import type { Tx } from "@/lib/db";
import { EVENT_VERSION, type EventName, type PublishedEvent, rooms } from "@/lib/realtime/events";
import { approverTargets, eligibility } from "./eligibility";
import { activeDelegationWhere } from "./viewer";

const MAX_ROOMS_PER_EVENT = 100;

export interface ApprovalForEvent {
  /** absent while the approval is being created (only period delegations can name it then) */
  id?: string;
  runId: string;
  title: string;
  status: string;
  approvers: string[];
  allowSelfApproval: boolean;
  startedById: string | null;
}

/** Ids of the users who may decide; null when anyone signed in may. */
export async function eligibleUserIds(
  a: Pick<ApprovalForEvent, "id" | "approvers" | "allowSelfApproval" | "startedById">,
  tx: Tx,
  now = new Date(),
): Promise<string[] | null> {
  if (a.approvers.length === 0) return null;
  const { emails, roles, groups } = approverTargets(a.approvers);
  const users = await tx.user.findMany({
    where: {
      OR: [
        { email: { in: emails } },
        { role: { in: roles } },
        { approverGroups: { some: { group: { name: { in: groups } } } } },
      ],
    },
    select: {
      id: true,
      email: true,
      role: true,
      banned: true,
      approverGroups: { select: { group: { select: { name: true } } } },
    },
  });
  const approvers = users
    .filter((u) => {
      const person = { userId: u.id, email: u.email, role: u.role, groups: u.approverGroups.map((m) => m.group.name) };
      return u.banned !== true && eligibility(a, person).ok;
    })
    .map((u) => u.id);
  if (approvers.length === 0) return approvers;
  const delegated = await tx.approvalDelegation.findMany({
    where: {
      fromUserId: { in: approvers },
      ...activeDelegationWhere(now),
      ...(a.id ? {} : { approvalId: null }),
    },
    select: { toUserId: true, approvalId: true, toUser: { select: { banned: true } } },
  });
  const delegates = delegated
    .filter((d) => d.toUser.banned !== true && (d.approvalId === null || d.approvalId === a.id))
    .map((d) => d.toUserId)
    .filter((id) => a.allowSelfApproval || id !== a.startedById);
  return [...new Set([...approvers, ...delegates])];
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

type ApprovalEventName = Extract<EventName, `approval_${string}`>;

/** The events announcing an approval (required or decided), one per chunk of rooms. */
export async function approvalEvents(name: ApprovalEventName, a: ApprovalForEvent, tx: Tx): Promise<PublishedEvent[]> {
  return approvalEventsTo(name, a, await eligibleUserIds(a, tx));
}

/** As approvalEvents, with the eligible users already known (null: anyone). */
export function approvalEventsTo(name: ApprovalEventName, a: ApprovalForEvent, ids: string[] | null): PublishedEvent[] {
  const payload = {
    v: EVENT_VERSION,
    at: new Date().toISOString(),
    approvalId: a.id,
    processRunId: a.runId,
    title: a.title,
    status: a.status,
    approverUserIds: ids ?? [],
  };
  if (ids === null) return [{ name, payload, rooms: [rooms.all] }];
  const targets = new Set(ids);
  if (name === "approval_decided" && a.startedById) targets.add(a.startedById);
  return chunk([...targets].map(rooms.user), MAX_ROOMS_PER_EVENT).map((r) => ({ name, payload, rooms: r }));
}
