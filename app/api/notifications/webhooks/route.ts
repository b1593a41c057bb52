// GET /api/notifications/webhooks — the webhook endpoints, without their secrets (admin)
// POST /api/notifications/webhooks — add one; the answer carries its signing secret, the only time it is shown (admin)
import { json, route } from "@/lib/api/handler";
import { auditActor } from "@/lib/audit";
import { createWebhook, listWebhooks } from "@/lib/notifications/endpoints";
import { WebhookCreate } from "@/lib/notifications/schemas";

export const GET = route({ access: "admin" }, async () => ({ webhooks: await listWebhooks() }));

export const POST = route({ access: "admin", body: WebhookCreate }, async ({ body, who }) =>
  json({ webhook: await createWebhook(body, auditActor(who)) }, 201),
);
