// Deliveries as the notifiers work them: claim the due ones under a lease (lib/db/dialect/delivery-claims.ts), send
// each, record the attempt and either close the delivery or set its next try (exponential backoff until a day after
// it was made, then failed). A notifier that dies mid-send leaves its lease to expire; another one tries again.
import { db, dialect, direct } from "@/lib/db";
import type { Prisma } from "@/lib/db/client-types";
import { claimDeliveries } from "@/lib/db/dialect/delivery-claims";
import { conflict, notFound } from "@/lib/errors";
import type { DeliveryDto, DeliveryListQuery } from "./schemas";
import { type SendAnswer, sendEmail, sendSlack, sendWebhook } from "./send";

export interface RetryPolicy {
  backoffMs: number;
  backoffMaxMs: number;
  giveUpMs: number;
}

type DeliveryRow = Awaited<ReturnType<typeof db.delivery.findMany>>[number];

/** Leases up to `limit` due deliveries to `owner`; answers them. */
export async function claimDue(owner: string, limit: number, leaseMs: number): Promise<DeliveryRow[]> {
  const now = new Date();
  const claimed = await direct.query<DeliveryRow>(
    claimDeliveries({ owner, now, leaseUntil: new Date(now.getTime() + leaseMs), limit }, dialect().skipLocked),
  );
  // Plain SQL reads the id column as a number; the rows are otherwise as the client reads them.
  return claimed.map((d) => ({ ...d, eventId: BigInt(d.eventId) })).sort((a, b) => Number(a.eventId - b.eventId));
}

/** Sends one delivery on its channel. */
export function send(d: Pick<DeliveryRow, "id" | "channel" | "target" | "event" | "payload">): Promise<SendAnswer> {
  switch (d.channel) {
    case "email":
      return sendEmail(JSON.parse(d.payload));
    case "slack":
      return sendSlack(d.payload);
    default:
      return sendWebhook(d.target, d.id, d.event, d.payload);
  }
}

/** The wait before try number `attempts + 1`. */
export function backoffMs(attempts: number, p: RetryPolicy): number {
  return Math.min(p.backoffMs * 2 ** Math.max(0, attempts - 1), p.backoffMaxMs);
}

/** Records the attempt and moves the delivery on: delivered, retried later, or failed for good. */
export async function recordAttempt(
  d: DeliveryRow,
  answer: SendAnswer,
  owner: string,
  policy: RetryPolicy,
): Promise<void> {
  const now = new Date();
  const attempts = d.attempts + 1;
  const givenUp = !answer.ok && now.getTime() + backoffMs(attempts, policy) - d.createdAt.getTime() > policy.giveUpMs;
  await db.$transaction([
    db.deliveryAttempt.create({
      data: {
        deliveryId: d.id,
        at: now,
        ok: answer.ok,
        status: answer.status,
        latencyMs: answer.latencyMs,
        excerpt: answer.excerpt.slice(0, 1024),
        error: answer.error,
        worker: owner,
      },
    }),
    db.delivery.updateMany({
      where: { id: d.id, leaseOwner: owner },
      data: {
        attempts,
        leaseOwner: null,
        leaseUntil: null,
        lastError: answer.error,
        ...(answer.ok
          ? { status: "delivered", deliveredAt: now }
          : givenUp
            ? { status: "failed" }
            : { nextAttemptAt: new Date(now.getTime() + backoffMs(attempts, policy)) }),
      },
    }),
  ]);
}

// ---- the delivery log (admins) ----

async function targetNames(rows: { channel: string; target: string }[]): Promise<Map<string, string>> {
  const userIds = rows.filter((r) => r.channel === "email").map((r) => r.target);
  const endpointIds = rows.filter((r) => r.channel === "webhook").map((r) => r.target);
  const [users, endpoints] = await Promise.all([
    db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true } }),
    db.webhookEndpoint.findMany({ where: { id: { in: endpointIds } }, select: { id: true, url: true } }),
  ]);
  return new Map([
    ...users.map((u) => [`email:${u.id}`, u.email] as const),
    ...endpoints.map((e) => [`webhook:${e.id}`, e.url] as const),
    ["slack:channel", "Slack"] as const,
  ]);
}

function toDto(d: DeliveryRow, names: Map<string, string>): DeliveryDto {
  return {
    id: d.id,
    event: d.event,
    channel: d.channel,
    target: names.get(`${d.channel}:${d.target}`) ?? d.target,
    orderKey: d.orderKey,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: d.status === "pending" ? d.nextAttemptAt.toISOString() : null,
    lastError: d.lastError,
    createdAt: d.createdAt.toISOString(),
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
  };
}

export async function listDeliveries(
  q: DeliveryListQuery,
): Promise<{ deliveries: DeliveryDto[]; nextBefore: string | null }> {
  const where: Prisma.DeliveryWhereInput = {
    ...(q.status ? { status: q.status } : {}),
    ...(q.channel ? { channel: q.channel } : {}),
    ...(q.event ? { event: q.event } : {}),
  };
  if (q.before) {
    const [at, id] = q.before.split(",");
    const time = new Date(at);
    if (!Number.isNaN(time.getTime()) && id)
      where.OR = [{ createdAt: { lt: time } }, { createdAt: time, id: { lt: id } }];
  }
  const rows = await db.delivery.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  const names = await targetNames(page);
  const last = page[page.length - 1];
  return {
    deliveries: page.map((d) => toDto(d, names)),
    nextBefore: rows.length > q.limit && last ? `${last.createdAt.toISOString()},${last.id}` : null,
  };
}

export async function getDelivery(id: string): Promise<DeliveryDto & { payload: unknown }> {
  const d = await db.delivery.findUnique({ where: { id }, include: { tries: { orderBy: { at: "asc" } } } });
  if (!d) throw notFound("Delivery");
  const names = await targetNames([d]);
  let payload: unknown = d.payload;
  try {
    payload = JSON.parse(d.payload);
  } catch {}
  return {
    ...toDto(d, names),
    payload,
    tries: d.tries.map((t) => ({
      at: t.at.toISOString(),
      ok: t.ok,
      status: t.status,
      latencyMs: t.latencyMs,
      excerpt: t.excerpt,
      error: t.error,
    })),
  };
}

/** Redeliver: the delivery is due again now, whatever became of it (its earlier attempts stay in the log). */
export async function redeliver(id: string): Promise<DeliveryDto> {
  const now = new Date();
  const res = await db.delivery.updateMany({
    where: { id, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
    data: {
      status: "pending",
      nextAttemptAt: now,
      createdAt: now,
      leaseOwner: null,
      leaseUntil: null,
      deliveredAt: null,
    },
  });
  if (res.count === 0) {
    if (!(await db.delivery.findUnique({ where: { id }, select: { id: true } }))) throw notFound("Delivery");
    throw conflict("This delivery is being sent right now; try again in a moment");
  }
  const d = await db.delivery.findUniqueOrThrow({ where: { id } });
  return toDto(d, await targetNames([d]));
}

/** Deliveries done with (delivered or failed) and older than `olderThanMs` are removed with their attempts. */
export async function pruneDeliveries(olderThanMs: number): Promise<number> {
  const { count } = await db.delivery.deleteMany({
    where: { status: { in: ["delivered", "failed"] }, createdAt: { lt: new Date(Date.now() - olderThanMs) } },
  });
  return count;
}
