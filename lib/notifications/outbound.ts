// Outgoing HTTP for Slack and webhooks: http(s) URLs only, without credentials in them, a time limit on the whole
// call and a cap on what is read of the answer. Addresses on this machine or the local network are allowed: Cadre
// is self-hosted and its receivers (a team's own services, the tests' local receivers) often live there; only an
// admin can configure a URL.
import { z } from "zod";

/** The longest a call may take, from connecting to the last byte read. */
export const OUTBOUND_TIMEOUT_MS = 10_000;
/** What is kept of an answer: the attempt log shows its start. */
export const EXCERPT_BYTES = 1024;

export const OutboundUrl = z
  .string()
  .trim()
  .min(1, "is required")
  .max(2000, "must be at most 2000 characters")
  .refine((v) => {
    if (!URL.canParse(v)) return false;
    const u = new URL(v);
    return (u.protocol === "http:" || u.protocol === "https:") && !u.username && !u.password;
  }, "must be an http(s) URL without a user name or password in it");

export interface HttpAnswer {
  ok: boolean;
  /** the HTTP status, or null when none came */
  status: number | null;
  latencyMs: number;
  excerpt: string;
  error: string | null;
}

/** Reads at most `cap` bytes of the body, then stops reading. */
async function readCapped(res: Response, cap: number): Promise<string> {
  if (!res.body) return "";
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < cap) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  await reader.cancel().catch(() => {});
  return Buffer.concat(chunks).subarray(0, cap).toString("utf8");
}

/** POSTs `body` as JSON; never throws: a refused connection or a timeout is an answer without a status. */
export async function postJson(
  url: string,
  body: string,
  headers: Record<string, string> = {},
  timeoutMs = OUTBOUND_TIMEOUT_MS,
): Promise<HttpAnswer> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "Cadre-Notifier/1", ...headers },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    const excerpt = await readCapped(res, EXCERPT_BYTES);
    const ok = res.status >= 200 && res.status < 300;
    return { ok, status: res.status, latencyMs: elapsed(), excerpt, error: ok ? null : `HTTP ${res.status}` };
  } catch (err) {
    const reason =
      err instanceof Error && err.name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : describeError(err);
    return { ok: false, status: null, latencyMs: elapsed(), excerpt: "", error: reason };
  }
}

function describeError(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  const text = cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
  return text.slice(0, 300);
}
