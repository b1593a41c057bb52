// PATCH /api/notifications/webhooks/{id} — change an endpoint's URL, events or on/off (admin)
// DELETE /api/notifications/webhooks/{id} — remove it with its deliveries (admin)
// POST /api/notifications/webhooks/{id} — send it a signed test event now and answer how it went (admin)
import { route } from "@/lib/api/handler";
import { auditActor } from "@/lib/audit";
import { deleteWebhook, updateWebhook } from "@/lib/notifications/endpoints";
import { IdParams, WebhookPatch } from "@/lib/notifications/schemas";
import { sendWebhookTest } from "@/lib/notifications/testing";

export const PATCH = route(
  { access: "admin", params: IdParams, body: WebhookPatch },
  async ({ params, body, who }) => ({
    webhook: await updateWebhook(params.id, body, auditActor(who)),
  }),
);

export const DELETE = route({ access: "admin", params: IdParams }, async ({ params, who }) => {
  await deleteWebhook(params.id, auditActor(who));
  return { ok: true };
});

export const POST = route({ access: "admin", params: IdParams }, async ({ params }) => ({
  result: await sendWebhookTest(params.id),
}));
