// Sending one delivery on its channel: email through the configured SMTP server (nodemailer), Slack and webhooks
// as a JSON POST with a time limit and a capped read of the answer. Never throws: every outcome is an answer the
// attempt log records.
import nodemailer, { type Transporter } from "nodemailer";
import { endpointForSend } from "./endpoints";
import { EXCERPT_BYTES, type HttpAnswer, OUTBOUND_TIMEOUT_MS, postJson } from "./outbound";
import type { EmailMessage } from "./render";
import { getSlackWebhookUrl, getSmtpConfig, type SmtpConfig } from "./settings";
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signatureHeader } from "./signature";

/** How long a channel's settings read from the database serve the sends that follow (a burst reads them once). */
const SETTINGS_TTL_MS = 2_000;

function cached<K, V>(read: (key: K) => Promise<V>): (key: K) => Promise<V> {
  const memo = new Map<K, { at: number; value: Promise<V> }>();
  return (key) => {
    const hit = memo.get(key);
    if (hit && Date.now() - hit.at < SETTINGS_TTL_MS) return hit.value;
    const value = read(key);
    memo.set(key, { at: Date.now(), value });
    value.catch(() => memo.delete(key));
    return value;
  };
}

const smtpConfig = cached((_: "smtp") => getSmtpConfig());
const slackUrl = cached((_: "slack") => getSlackWebhookUrl());
const endpoint = cached((id: string) => endpointForSend(id));

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
        maxConnections: 16,
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
  const c = smtp === undefined ? await smtpConfig("smtp") : smtp;
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

/** `fresh`: read the settings now (a test right after an admin changed them), not the last two seconds' copy. */
export async function sendSlack(body: string, fresh = false): Promise<SendAnswer> {
  const url = fresh ? await getSlackWebhookUrl() : await slackUrl("slack");
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
  fresh = false,
): Promise<SendAnswer> {
  const target = fresh ? await endpointForSend(endpointId) : await endpoint(endpointId);
  if (!target) return { ok: false, status: null, latencyMs: 0, excerpt: "", error: "the endpoint was removed" };
  return fromHttp(
    await postJson(target.url, body, {
      [SIGNATURE_HEADER]: signatureHeader(target.secret, body),
      [EVENT_HEADER]: event,
      [DELIVERY_HEADER]: deliveryId,
    }),
  );
}
