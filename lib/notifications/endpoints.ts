// Outbound webhook endpoints (admins). The signing secret is made here, answered once at creation and stored
// encrypted; the list never carries it.
import { config } from "@/lib/config";
import { decryptSecret, encryptSecret, parseEncryptionKey } from "@/lib/crypto/secret-box";
import { db } from "@/lib/db";
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
export async function createWebhook(input: {
  url: string;
  description: string;
  events: string[];
  enabled: boolean;
}): Promise<WebhookDto & { secret: string }> {
  const secret = newWebhookSecret();
  const row = await db.$transaction(async (tx) => {
    const created = await tx.webhookEndpoint.create({
      data: { ...input, events: JSON.stringify([...new Set(input.events)]), secret: "" },
    });
    return tx.webhookEndpoint.update({
      where: { id: created.id },
      data: { secret: encryptSecret(secret, key(), secretContext(created.id)) },
    });
  });
  return { ...toDto(row), secret };
}

export async function updateWebhook(id: string, patch: WebhookPatch): Promise<WebhookDto> {
  const { events, ...rest } = patch;
  const res = await db.webhookEndpoint.updateMany({
    where: { id },
    data: { ...rest, ...(events ? { events: JSON.stringify([...new Set(events)]) } : {}) },
  });
  if (res.count === 0) throw notFound("Webhook endpoint");
  return toDto(await db.webhookEndpoint.findUniqueOrThrow({ where: { id } }));
}

/** Removes the endpoint and its deliveries (their attempts go with them). */
export async function deleteWebhook(id: string): Promise<void> {
  const [, removed] = await db.$transaction([
    db.delivery.deleteMany({ where: { channel: "webhook", target: id } }),
    db.webhookEndpoint.deleteMany({ where: { id } }),
  ]);
  if (removed.count === 0) throw notFound("Webhook endpoint");
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
