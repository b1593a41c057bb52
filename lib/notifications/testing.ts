// "Send test": a message sent at once from the admin's request, not queued, so the admin sees the answer of the
// SMTP server, Slack or the endpoint right away. Nothing is recorded in the delivery log.

import { config } from "@/lib/config";
import { db } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { type NotificationFacts, renderEmail, renderSlack } from "./render";
import type { TestResult } from "./schemas";
import { sendEmail, sendSlack, sendWebhook } from "./send";
import { getSmtpConfig } from "./settings";

function testFacts(): NotificationFacts {
  return {
    event: "approval.requested",
    at: new Date().toISOString(),
    headline: "Test notification from Cadre",
    fields: [["Sent", new Date().toISOString()]],
    summary: "If you can read this, notifications reach you.",
    link: { url: config().publicUrl, label: "Open Cadre" },
    data: { test: true },
  };
}

export async function sendChannelTest(
  input: { channel: "email" | "slack"; to?: string },
  userId: string,
): Promise<TestResult> {
  if (input.channel === "slack") return sendSlack(JSON.stringify(renderSlack(testFacts())), true);
  const to = input.to ?? (await db.user.findUnique({ where: { id: userId }, select: { email: true } }))?.email;
  if (!to) throw notFound("User");
  return sendEmail(renderEmail(testFacts(), to), await getSmtpConfig());
}

export async function sendWebhookTest(endpointId: string): Promise<TestResult> {
  if (!(await db.webhookEndpoint.findUnique({ where: { id: endpointId }, select: { id: true } })))
    throw notFound("Webhook endpoint");
  const id = `test_${Date.now()}`;
  const body = JSON.stringify({
    id,
    type: "test",
    eventId: "0",
    createdAt: new Date().toISOString(),
    data: { test: true },
  });
  return sendWebhook(endpointId, id, "test", body, true);
}
