// Hands a claimed execution to the web process: POST /api/internal/execute-task with the row's idempotency key, so
// the web dispatches the worker's row instead of making another. Network errors and 5xx are retried with backoff;
// when the web stays down the row waits in the database for the scheduler's unsent sweep.
import type { ClaimedExecution } from "../../lib/schedules/firing";

/** Delays before the attempts after the first. */
const RETRY_DELAYS_MS = [200, 1_000, 3_000];
const REQUEST_TIMEOUT_MS = 10_000;

export type PostOutcome =
  | { kind: "sent"; status: number }
  /** the web refused the request for good (4xx): resending the same body cannot help */
  | { kind: "refused"; status: number; error: string }
  /** the web could not be reached or kept failing; the sweep tries again later */
  | { kind: "unreachable"; error: string };

export interface PosterOptions {
  webUrl: string;
  secret: string;
  /** resolves after `ms`, or at once when the scheduler is stopping */
  sleep(ms: number): Promise<void>;
  stopping(): boolean;
}

export function executeTaskBody(row: ClaimedExecution) {
  return {
    agent_name: row.agent.name,
    message: row.message,
    ...(row.model ? { model: row.model } : {}),
    async_mode: true,
    triggered_by: row.attempt > 1 ? "retry" : "schedule",
    ...(row.timeoutSeconds ? { timeout_seconds: row.timeoutSeconds } : {}),
    idempotency_key: row.idempotencyKey ?? undefined,
  };
}

async function postOnce(url: string, secret: string, body: unknown): Promise<PostOutcome> {
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-cadre-internal-secret": secret },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await res.text();
    if (res.ok) return { kind: "sent", status: res.status };
    const transient = res.status >= 500 || res.status === 408 || res.status === 429;
    const error = `HTTP ${res.status}: ${text.slice(0, 500)}`;
    return transient ? { kind: "unreachable", error } : { kind: "refused", status: res.status, error };
  } catch (err) {
    return { kind: "unreachable", error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
  }
}

export function createPoster(opts: PosterOptions) {
  const url = new URL("/api/internal/execute-task", opts.webUrl).toString();
  return async function post(row: ClaimedExecution): Promise<PostOutcome> {
    const body = executeTaskBody(row);
    let outcome = await postOnce(url, opts.secret, body);
    for (const delay of RETRY_DELAYS_MS) {
      if (outcome.kind !== "unreachable" || opts.stopping()) break;
      await opts.sleep(delay);
      if (opts.stopping()) break;
      outcome = await postOnce(url, opts.secret, body);
    }
    return outcome;
  };
}
