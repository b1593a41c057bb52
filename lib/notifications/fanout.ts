// The fan-out: outbox events become Delivery rows, one per email recipient, one Slack message, one call per
// subscribed webhook endpoint. Any number of notifiers may run it at once: a delivery's unique key (event, channel,
// target) makes a second insert of the same one a no-op, and a single cursor row (advanced with the inserts, in one
// transaction) says how far the events have been read, so a restart resumes there and the outbox's pruning keeps
// what has not been read yet (lib/events/feed.ts pruneEvents).
import { type ActionTokenRow, actionTokenInsert, mintActionLinks } from "@/lib/approvals/action-links";
import { db, dialect, direct } from "@/lib/db";
import { Prisma } from "@/lib/db/client-types";
import { newId } from "@/lib/db/ids";
import { parsePublishedEvent } from "@/lib/realtime/events";
import { enabledEndpoints } from "./endpoints";
import { type Notifiable, notifiableOf, SOURCE_EVENT_NAMES } from "./events";
import { agentLink, approvalLinks, executionLink } from "./links";
import { preferencesFor, wants } from "./preferences";
import { contextSummary, type NotificationFacts, renderEmail, renderSlack, renderWebhook } from "./render";
import { getSlackWebhookUrl, getSmtpConfig } from "./settings";

export const CURSOR_ID = "fanout";
/** Events read per pass. */
const BATCH = 200;
/**
 * On PostgreSQL an event can commit after one with a higher id (ids come from a sequence): the last this many ms of
 * events are read again, and what was already made of them is skipped by the unique key.
 */
const LATE_COMMIT_MS = 30_000;
const LATE_READ_EVERY_MS = 1_000;

interface EventRow {
  id: bigint | number;
  name: string;
  payload: string;
  rooms: string;
  createdAt: Date;
}

interface NewDelivery {
  id: string;
  eventId: bigint;
  event: string;
  channel: "email" | "slack" | "webhook";
  target: string;
  orderKey: string;
  payload: string;
  /** the one-click links the payload carries (an approver's email), stored with the delivery */
  tokens?: ActionTokenRow[];
}

/** Makes the cursor row at the newest event when there is none: a new installation starts notifying from now. */
export async function ensureCursor(): Promise<void> {
  const [newest] = await direct.query<{ id: number | bigint | null }>(
    Prisma.sql`SELECT MAX("id") AS "id" FROM "Event"`,
  );
  const start = Number(newest?.id ?? 0);
  await direct.execute(
    Prisma.sql`INSERT INTO "NotificationCursor" ("id", "lastEventId", "updatedAt") VALUES (${CURSOR_ID}, ${start}, ${new Date()})
      ON CONFLICT ("id") DO NOTHING`,
  );
}

async function readCursor(): Promise<bigint> {
  const row = await db.notificationCursor.findUnique({ where: { id: CURSOR_ID } });
  return row?.lastEventId ?? 0n;
}

const APPROVAL_FIELDS = {
  id: true,
  status: true,
  processName: true,
  description: true,
  context: true,
  startedById: true,
  deadlineAt: true,
  stepRun: { select: { stepId: true } },
} as const;

type ApprovalFacts = NonNullable<Awaited<ReturnType<typeof readApprovals>>[number]>;

function readApprovals(ids: string[]) {
  return ids.length > 0
    ? db.approval.findMany({ where: { id: { in: ids } }, select: APPROVAL_FIELDS })
    : Promise.resolve([]);
}

/** The facts, recipients (user ids) and order key of a notification, from the database as it is now. */
async function factsOf(
  n: Notifiable,
  at: string,
  approvals: Map<string, ApprovalFacts>,
  rooms: string[],
): Promise<{ facts: NotificationFacts; userIds: string[]; orderKey: string; firstPart: boolean }> {
  switch (n.event) {
    case "approval.requested":
    case "approval.reminder":
    case "approval.decided":
    case "approval.expired": {
      const p = n.payload;
      const a = approvals.get(p.approvalId) ?? null;
      const link = approvalLinks(p.approvalId, null);
      const headline =
        n.event === "approval.requested"
          ? `Approval needed: ${p.title}`
          : n.event === "approval.reminder"
            ? `${n.payload.escalated ? "Escalated" : "Reminder"}: approval still needed: ${p.title}`
            : n.event === "approval.expired"
              ? `Approval expired: ${p.title}`
              : `Approval ${p.status}: ${p.title}`;
      const fields: [string, string][] = [
        ["Process", a?.processName ?? "—"],
        ["Step", a?.stepRun?.stepId ?? "—"],
        ["Status", p.status],
      ];
      if (a?.deadlineAt) fields.push(["Deadline", a.deadlineAt.toISOString()]);
      // The people the event is addressed to: its rooms name them (the approvers, and for an outcome the person who
      // started the run), or "all" when anyone signed in may decide. A long list is split over several events, each
      // naming its share of the people (lib/approvals/recipients.ts).
      let userIds = rooms.flatMap((r) => (r.startsWith("user:") ? [r.slice(5)] : []));
      if (rooms.includes("all")) {
        userIds = (await db.user.findMany({ select: { id: true }, take: 1000 })).map((u) => u.id);
        if ((n.event === "approval.decided" || n.event === "approval.expired") && a?.startedById)
          userIds = [...new Set([...userIds, a.startedById])];
      }
      return {
        orderKey: `approval:${p.approvalId}`,
        // Programs and the Slack channel hear of the event once: from the part that names the first person.
        firstPart:
          rooms.length === 0 ||
          rooms.includes("all") ||
          p.approverUserIds.length === 0 ||
          rooms.includes(`user:${p.approverUserIds[0]}`),
        userIds,
        facts: {
          event: n.event,
          at,
          headline,
          fields,
          summary: [a?.description ?? "", a ? contextSummary(a.context) : ""].filter(Boolean).join("\n\n"),
          link: {
            url: link.open,
            label:
              n.event === "approval.requested" || n.event === "approval.reminder" ? "Review in Cadre" : "Open in Cadre",
          },
          data: {
            approvalId: p.approvalId,
            processRunId: p.processRunId,
            processName: a?.processName ?? null,
            stepId: a?.stepRun?.stepId ?? null,
            title: p.title,
            status: p.status,
            deadlineAt: a?.deadlineAt?.toISOString() ?? null,
            ...(n.event === "approval.reminder"
              ? { reminder: n.payload.reminder, escalated: n.payload.escalated }
              : {}),
            url: link.open,
          },
        },
      };
    }
    case "execution.failed": {
      const p = n.payload;
      const agent = await db.agent.findUnique({ where: { id: p.agentId }, select: { ownerId: true } });
      const url = executionLink(p.executionId);
      return {
        orderKey: `agent:${p.agentId}`,
        firstPart: true,
        userIds: agent ? [agent.ownerId] : [],
        facts: {
          event: n.event,
          at,
          headline: `Run ${p.status === "timed_out" ? "timed out" : "failed"}: ${p.agentName}`,
          fields: [
            ["Agent", p.agentName],
            ["Status", p.status],
            ["Trigger", p.trigger],
          ],
          summary: "",
          link: { url, label: "Open the run" },
          data: {
            executionId: p.executionId,
            agentName: p.agentName,
            status: p.status,
            trigger: p.trigger,
            scheduleId: p.scheduleId ?? null,
            url,
          },
        },
      };
    }
    case "schedule.auto_paused": {
      const p = n.payload;
      const [agent, schedule] = await Promise.all([
        db.agent.findUnique({ where: { id: p.agentId }, select: { ownerId: true } }),
        db.schedule.findUnique({ where: { id: p.scheduleId }, select: { name: true } }),
      ]);
      const url = agentLink(p.agentName);
      return {
        orderKey: `agent:${p.agentId}`,
        firstPart: true,
        userIds: agent ? [agent.ownerId] : [],
        facts: {
          event: n.event,
          at,
          headline: `Schedule paused after repeated failures: ${schedule?.name ?? p.scheduleId}`,
          fields: [
            ["Agent", p.agentName],
            ["Schedule", schedule?.name ?? p.scheduleId],
          ],
          summary: "",
          link: { url, label: "Open the agent" },
          data: { scheduleId: p.scheduleId, scheduleName: schedule?.name ?? null, agentName: p.agentName, url },
        },
      };
    }
  }
}

/** What every event of a pass is sent to besides people: read once a pass. */
interface Channels {
  /** SMTP is set up: without it no email is made (nor its one-click links) */
  email: boolean;
  slack: boolean;
  endpoints: { id: string; events: string[]; createdAt: Date }[];
}

function notifiableRow(row: EventRow): { n: Notifiable; rooms: string[] } | null {
  try {
    const parsed = parsePublishedEvent({
      name: row.name,
      payload: JSON.parse(row.payload),
      rooms: JSON.parse(row.rooms),
    });
    const n = parsed.ok ? notifiableOf(parsed.event) : null;
    return n && parsed.ok ? { n, rooms: parsed.event.rooms } : null;
  } catch {
    return null;
  }
}

/**
 * Whether the email to `userId` carries one-click approve and reject links: an approval asked for or reminded of,
 * still pending, addressed to named approvers among whom the person is (an approval anyone may decide gets none).
 */
function mayDecideByLink(n: Notifiable, userId: string, approvals: Map<string, ApprovalFacts>): boolean {
  if (n.event !== "approval.requested" && n.event !== "approval.reminder") return false;
  const a = approvals.get(n.payload.approvalId);
  return a?.status === "pending" && n.payload.approverUserIds.includes(userId);
}

function mintLinks(n: Notifiable, userId: string, approvals: Map<string, ApprovalFacts>) {
  const approvalId = (n.payload as { approvalId: string }).approvalId;
  return mintActionLinks({ approvalId, userId, deadlineAt: approvals.get(approvalId)?.deadlineAt ?? null });
}

/** The deliveries a pass's events make, with the approvals, people and choices they need read once. */
async function deliveriesOf(rows: EventRow[], channels: Channels): Promise<NewDelivery[]> {
  const events = rows.flatMap((row) => {
    const read = notifiableRow(row);
    return read ? [{ row, ...read }] : [];
  });
  const approvalIds = events.flatMap(({ n }) => ("approvalId" in n.payload ? [n.payload.approvalId] : []));
  const approvals = new Map((await readApprovals([...new Set(approvalIds)])).map((a) => [a.id, a]));
  const made = [];
  for (const { row, n, rooms } of events)
    made.push({ row, n, ...(await factsOf(n, new Date(row.createdAt).toISOString(), approvals, rooms)) });
  // Only people who exist and may sign in; each as their choices say.
  const userIds = [...new Set(made.flatMap((m) => m.userIds))];
  const people = new Map(
    (
      await db.user.findMany({
        where: { id: { in: userIds }, OR: [{ banned: null }, { banned: false }] },
        select: { id: true, email: true },
      })
    ).map((u) => [u.id, u.email]),
  );
  const prefs = await preferencesFor([...people.keys()]);

  const out: NewDelivery[] = [];
  for (const { row, n, facts, userIds: ids, orderKey, firstPart } of made) {
    const base = { eventId: BigInt(row.id), event: n.event, orderKey };
    let slackWanted = false;
    for (const id of new Set(ids)) {
      const email = people.get(id);
      const p = prefs.get(id);
      if (!email || !p) continue;
      const w = wants(p, n.event);
      slackWanted ||= w.slack;
      if (!w.email || !channels.email) continue;
      const link = n.event.startsWith("approval.")
        ? { ...facts.link, url: approvalLinks(String(facts.data.approvalId), id).open }
        : facts.link;
      const minted = mayDecideByLink(n, id, approvals) ? mintLinks(n, id, approvals) : null;
      out.push({
        ...base,
        id: newId(),
        channel: "email",
        target: id,
        payload: JSON.stringify(renderEmail(facts, email, link, minted?.links)),
        tokens: minted?.rows,
      });
    }
    if (!firstPart) continue;
    if (slackWanted && channels.slack)
      out.push({
        ...base,
        id: newId(),
        channel: "slack",
        target: "channel",
        payload: JSON.stringify(renderSlack(facts)),
      });
    const at = new Date(row.createdAt);
    for (const endpoint of channels.endpoints.filter((e) => e.events.includes(n.event) && e.createdAt <= at)) {
      const id = newId();
      out.push({
        ...base,
        id,
        channel: "webhook",
        target: endpoint.id,
        payload: renderWebhook(facts, id, base.eventId),
      });
    }
  }
  return out;
}

function insertDeliveries(rows: NewDelivery[], now: Date): Prisma.Sql {
  const values = rows.map(
    (d) =>
      Prisma.sql`(${d.id}, ${Number(d.eventId)}, ${d.event}, ${d.channel}, ${d.target}, ${d.orderKey}, ${d.payload}, 'pending', 0, ${now}, ${now})`,
  );
  return Prisma.sql`INSERT INTO "Delivery" ("id", "eventId", "event", "channel", "target", "orderKey", "payload", "status", "attempts", "nextAttemptAt", "createdAt")
    VALUES ${Prisma.join(values)}
    ON CONFLICT ("eventId", "channel", "target") DO NOTHING`;
}

export interface FanOutState {
  /** ids of events this process already turned into deliveries (only to spare work when reading late commits again) */
  done: Set<bigint>;
  /** when the recent events were last read again (ms) */
  lateReadAt: number;
}

export function newFanOutState(): FanOutState {
  return { done: new Set(), lateReadAt: 0 };
}

/** One pass: reads events after the cursor, makes their deliveries and moves the cursor. Answers how many were new. */
export async function fanOut(state: FanOutState): Promise<{ events: number; deliveries: number; more: boolean }> {
  const cursor = await readCursor();
  const [newestRow] = await direct.query<{ id: number | bigint | null }>(
    Prisma.sql`SELECT MAX("id") AS "id" FROM "Event"`,
  );
  const newest = BigInt(newestRow?.id ?? 0);
  const names = Prisma.join(SOURCE_EVENT_NAMES.map((n) => Prisma.sql`${n}`));
  const rows = await direct.query<EventRow>(
    Prisma.sql`SELECT "id", "name", "payload", "rooms", "createdAt" FROM "Event"
      WHERE "name" IN (${names}) AND "id" > ${Number(cursor)} AND "id" <= ${Number(newest)}
      ORDER BY "id" LIMIT ${BATCH}`,
  );
  // Reading the recent events again is for the rare late commit: once a second is enough.
  const lookBack = dialect().name === "postgresql" && Date.now() - state.lateReadAt >= LATE_READ_EVERY_MS;
  if (lookBack) state.lateReadAt = Date.now();
  const late = lookBack
    ? await direct.query<EventRow>(
        Prisma.sql`SELECT "id", "name", "payload", "rooms", "createdAt" FROM "Event"
            WHERE "name" IN (${names}) AND "id" <= ${Number(cursor)} AND "createdAt" > ${new Date(Date.now() - LATE_COMMIT_MS)}
            ORDER BY "id" LIMIT 2000`,
      )
    : [];
  const fresh = [...late, ...rows].filter((r) => !state.done.has(BigInt(r.id)));
  const made: NewDelivery[] = [];
  if (fresh.length > 0) {
    const channels: Channels = {
      email: (await getSmtpConfig()) !== null,
      slack: !!(await getSlackWebhookUrl()),
      endpoints: await enabledEndpoints(),
    };
    made.push(...(await deliveriesOf(fresh, channels)));
  }
  const more = rows.length === BATCH;
  const reached = more ? BigInt(rows[rows.length - 1].id) : newest;
  const now = new Date();
  let inserted = 0;
  if (made.length === 0 && reached <= cursor) return { events: fresh.length, deliveries: 0, more };
  await direct.transaction(async (tx) => {
    // The links' tokens first (a delivery another notifier made already is skipped below; its tokens then go unused).
    const tokens = made.flatMap((d) => d.tokens ?? []);
    for (let i = 0; i < tokens.length; i += 200) await tx.execute(actionTokenInsert(tokens.slice(i, i + 200), now));
    for (let i = 0; i < made.length; i += 200)
      inserted += await tx.execute(insertDeliveries(made.slice(i, i + 200), now));
    if (reached > cursor)
      await tx.execute(
        Prisma.sql`UPDATE "NotificationCursor" SET "lastEventId" = ${Number(reached)}, "updatedAt" = ${now}
          WHERE "id" = ${CURSOR_ID} AND "lastEventId" < ${Number(reached)}`,
      );
  });
  for (const row of fresh) state.done.add(BigInt(row.id));
  if (state.done.size > 50_000) state.done.clear();
  return { events: fresh.length, deliveries: inserted, more };
}
