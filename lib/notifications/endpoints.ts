// Outbound webhook endpoints (admins). The signing secret is made here, answered once at creation and stored
// encrypted; the list never carries it.

import { type AuditActor, type AuditRecord, auditWrite, changedFields } from "@/lib/audit";
import { config } from "@/lib/config";
import { decryptSecret, encryptSecret, parseEncryptionKey } from "@/lib/crypto/secret-box";
import { db, type Tx } from "@/lib/db";
import { notFound } from "@/lib/errors";
import type { WebhookDto, WebhookPatch } from "./schemas";
import { newWebhookSecret } from "./signature";

type EndpointRow = {
  id: string;
  url: string;
  description: string;
  secret: string;
  events: string;
  enabled: boolean;
  createdAt: Date;
};

const secretContext = (id: string) => `webhook:${id}`;
const key = () => parseEncryptionKey(config().secrets.encryptionKey);

function toDto(e: EndpointRow): WebhookDto {
  return {
    id: e.id,
    url: e.url,
    description: e.description,
    events: JSON.parse(e.events) as string[],
    enabled: e.enabled,
    createdAt: e.createdAt.toISOString(),
  };
}

export async function listWebhooks(): Promise<WebhookDto[]> {
  return (await db.webhookEndpoint.findMany({ orderBy: { createdAt: "asc" } })).map(toDto);
}

/** Creates an endpoint; the answer is the only time its secret is shown. */
/**
 * What the audit log keeps of an endpoint. A receiver's URL may carry a credential in its path or query, so only its
 * origin is kept.
 */
function audited(e: WebhookDto): Record<string, unknown> {
  let origin = "";
  try {
    origin = new URL(e.url).origin;
  } catch {}
  return { url: `${origin}/…`, description: e.description, events: e.events, enabled: e.enabled };
}

function auditEndpoint(
  tx: Tx,
  actor: AuditActor,
  action: string,
  e: WebhookDto,
  change: Pick<AuditRecord, "before" | "after">,
) {
  return auditWrite(tx, actor, {
    action,
    targetType: "webhook",
    targetId: e.id,
    targetLabel: String(audited(e).url),
    ...change,
  });
}

export async function createWebhook(
  input: {
    url: string;
    description: string;
    events: string[];
    enabled: boolean;
  },
  actor: AuditActor,
): Promise<WebhookDto & { secret: string }> {
  const secret = newWebhookSecret();
  const row = await db.$transaction(async (tx) => {
    const created = await tx.webhookEndpoint.create({
      data: { ...input, events: JSON.stringify([...new Set(input.events)]), secret: "" },
    });
    const row = await tx.webhookEndpoint.update({
      where: { id: created.id },
      data: { secret: encryptSecret(secret, key(), secretContext(created.id)) },
    });
    await auditEndpoint(tx, actor, "webhook.created", toDto(row), { after: audited(toDto(row)) });
    return row;
  });
  return { ...toDto(row), secret };
}

export async function updateWebhook(id: string, patch: WebhookPatch, actor: AuditActor): Promise<WebhookDto> {
  const { events, ...rest } = patch;
  return db.$transaction(async (tx) => {
    const before = await tx.webhookEndpoint.findUnique({ where: { id } });
    if (!before) throw notFound("Webhook endpoint");
    const row = await tx.webhookEndpoint.update({
      where: { id },
      data: { ...rest, ...(events ? { events: JSON.stringify([...new Set(events)]) } : {}) },
    });
    const after = toDto(row);
    await auditEndpoint(tx, actor, "webhook.updated", after, changedFields(audited(toDto(before)), audited(after)));
    return after;
  });
}

/** Removes the endpoint and its deliveries (their attempts go with them). */
export async function deleteWebhook(id: string, actor: AuditActor): Promise<void> {
  await db.$transaction(async (tx) => {
    const before = await tx.webhookEndpoint.findUnique({ where: { id } });
    if (!before) throw notFound("Webhook endpoint");
    await tx.delivery.deleteMany({ where: { channel: "webhook", target: id } });
    await tx.webhookEndpoint.delete({ where: { id } });
    await auditEndpoint(tx, actor, "webhook.deleted", toDto(before), { before: audited(toDto(before)) });
  });
}

export interface EndpointForSend {
  id: string;
  url: string;
  secret: string;
}

/** The endpoint with its secret in clear, for signing; null when it was removed. */
export async function endpointForSend(id: string): Promise<EndpointForSend | null> {
  const row = await db.webhookEndpoint.findUnique({ where: { id } });
  if (!row) return null;
  return { id: row.id, url: row.url, secret: decryptSecret(row.secret, key(), secretContext(row.id)) };
}

/** The enabled endpoints, with the events each is subscribed to. */
export async function enabledEndpoints(): Promise<{ id: string; events: string[]; createdAt: Date }[]> {
  const rows = await db.webhookEndpoint.findMany({
    where: { enabled: true },
    select: { id: true, events: true, createdAt: true },
  });
  return rows.map((r) => ({ id: r.id, createdAt: r.createdAt, events: JSON.parse(r.events) as string[] }));
}
