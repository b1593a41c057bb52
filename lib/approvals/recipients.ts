// Who hears about an approval: the user rooms of its eligible approvers (or "all" when anyone may decide), plus the
// person who started the run for the decision. A room list is capped per event, so long lists go out in chunks.
import type { Tx } from "@/lib/db";
import { EVENT_VERSION, type EventName, type PublishedEvent, rooms } from "@/lib/realtime/events";
import { approverTargets, eligibility } from "./eligibility";

const MAX_ROOMS_PER_EVENT = 100;

export interface ApprovalForEvent {
  id: string;
  runId: string;
  title: string;
  status: string;
  approvers: string[];
  allowSelfApproval: boolean;
  startedById: string | null;
}

/** Ids of the users who may decide; null when anyone signed in may. */
export async function eligibleUserIds(
  a: Pick<ApprovalForEvent, "approvers" | "allowSelfApproval" | "startedById">,
  tx: Tx,
): Promise<string[] | null> {
  if (a.approvers.length === 0) return null;
  const { emails, roles } = approverTargets(a.approvers);
  const users = await tx.user.findMany({
    where: { OR: [{ email: { in: emails } }, { role: { in: roles } }] },
    select: { id: true, email: true, role: true, banned: true },
  });
  return users
    .filter((u) => u.banned !== true && eligibility(a, { userId: u.id, email: u.email, role: u.role }).ok)
    .map((u) => u.id);
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
