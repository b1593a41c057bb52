// Sending one delivery on its channel: email through the configured SMTP server (nodemailer), Slack and webhooks
// as a JSON POST with a time limit and a capped read of the answer. Never throws: every outcome is an answer the
// attempt log records.
import nodemailer, { type Transporter } from "nodemailer";
import { endpointForSend } from "./endpoints";
import { EXCERPT_BYTES, type HttpAnswer, OUTBOUND_TIMEOUT_MS, postJson } from "./outbound";
import type { EmailMessage } from "./render";
import { getSlackWebhookUrl, getSmtpConfig, type SmtpConfig } from "./settings";
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signatureHeader } from "./signature";

export type SendAnswer = Omit<HttpAnswer, "status"> & { status: string | null };

const fromHttp = (a: HttpAnswer): SendAnswer => ({ ...a, status: a.status === null ? null : String(a.status) });

let transport: { key: string; t: Transporter } | undefined;

/** One pooled transport per SMTP configuration, made again when an admin changes it. */
function transporterFor(c: SmtpConfig): Transporter {
  const key = JSON.stringify(c);
  if (transport?.key !== key) {
    transport?.t.close();
    transport = {
      key,
      t: nodemailer.createTransport({
        host: c.host,
        port: c.port,
        secure: c.secure,
        auth: c.user ? { user: c.user, pass: c.password ?? "" } : undefined,
        pool: true,
        maxConnections: 8,
        connectionTimeout: OUTBOUND_TIMEOUT_MS,
        greetingTimeout: OUTBOUND_TIMEOUT_MS,
        socketTimeout: 2 * OUTBOUND_TIMEOUT_MS,
      }),
    };
  }
  return transport.t;
}

/** Closes the pooled SMTP connections (a stopping notifier). */
export function closeTransports(): void {
  transport?.t.close();
  transport = undefined;
}

export async function sendEmail(message: EmailMessage, smtp?: SmtpConfig | null): Promise<SendAnswer> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const c = smtp === undefined ? await getSmtpConfig() : smtp;
  if (!c)
    return { ok: false, status: null, latencyMs: 0, excerpt: "", error: "no SMTP server is configured (Settings)" };
  try {
    const info = await transporterFor(c).sendMail({ from: c.from, ...message });
    const accepted = (info.accepted?.length ?? 0) > 0;
    return {
      ok: accepted,
      status: String(info.response ?? "").slice(0, 200),
      latencyMs: elapsed(),
      excerpt: String(info.response ?? "").slice(0, EXCERPT_BYTES),
      error: accepted ? null : `refused: ${(info.rejected ?? []).join(", ")}`.slice(0, 300),
    };
  } catch (err) {
    const e = err as { responseCode?: number; response?: string; code?: string; message?: string };
    return {
      ok: false,
      status: e.responseCode ? String(e.responseCode) : null,
      latencyMs: elapsed(),
      excerpt: (e.response ?? "").slice(0, EXCERPT_BYTES),
      error: (e.code ? `${e.code}: ${e.message}` : String(e.message ?? err)).slice(0, 300),
    };
  }
}

export async function sendSlack(body: string): Promise<SendAnswer> {
  const url = await getSlackWebhookUrl();
  if (!url)
    return { ok: false, status: null, latencyMs: 0, excerpt: "", error: "no Slack webhook is configured (Settings)" };
  return fromHttp(await postJson(url, body));
}

/** Signs and POSTs a webhook body to its endpoint. */
export async function sendWebhook(
  endpointId: string,
  deliveryId: string,
  event: string,
  body: string,
): Promise<SendAnswer> {
  const endpoint = await endpointForSend(endpointId);
  if (!endpoint) return { ok: false, status: null, latencyMs: 0, excerpt: "", error: "the endpoint was removed" };
  return fromHttp(
    await postJson(endpoint.url, body, {
      [SIGNATURE_HEADER]: signatureHeader(endpoint.secret, body),
      [EVENT_HEADER]: event,
      [DELIVERY_HEADER]: deliveryId,
    }),
  );
}
