// Webhook signatures: `Cadre-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. Signing the
// time with the body lets a receiver refuse replays of old calls (README: "Webhooks" shows how to check one).
import crypto from "node:crypto";

export const SIGNATURE_HEADER = "Cadre-Signature";
export const EVENT_HEADER = "Cadre-Event";
export const DELIVERY_HEADER = "Cadre-Delivery";

export function signatureOf(secret: string, timestamp: number, body: string): string {
  return crypto.createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
}

/** The header's value for `body` sent at `now`. */
export function signatureHeader(secret: string, body: string, now = Date.now()): string {
  const t = Math.floor(now / 1000);
  return `t=${t},v1=${signatureOf(secret, t, body)}`;
}

/** A new endpoint's secret: 32 random bytes, prefixed so people recognise it. */
export function newWebhookSecret(): string {
  return `whsec_${crypto.randomBytes(32).toString("base64url")}`;
}
