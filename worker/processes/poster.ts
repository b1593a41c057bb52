// Hands an agent step to the web process: POST /api/internal/execute-task with the step run's idempotency key, so a
// repeated post (retry, restart, a second worker) returns the same execution. Network errors and 5xx are retried
// with backoff; when the web stays down the step waits in the database for the engine's sweep.

const RETRY_DELAYS_MS = [200, 1_000, 3_000];
const REQUEST_TIMEOUT_MS = 10_000;

export interface StepTask {
  stepRunId: string;
  agentName: string;
  message: string;
  model?: string;
  timeoutSeconds?: number;
}

export type StepPostOutcome =
  | { kind: "sent"; executionId: string }
  /** the web refused for good (4xx, e.g. the agent is stopped or gone): resending cannot help */
  | { kind: "refused"; status: number; error: string }
  | { kind: "unreachable"; error: string };

export const stepIdempotencyKey = (stepRunId: string) => `step:${stepRunId}`;

function bodyOf(task: StepTask) {
  return {
    agent_name: task.agentName,
    message: task.message,
    ...(task.model ? { model: task.model } : {}),
    async_mode: true,
    triggered_by: "process",
    ...(task.timeoutSeconds ? { timeout_seconds: task.timeoutSeconds } : {}),
    idempotency_key: stepIdempotencyKey(task.stepRunId),
  };
}

/** The error message of the web's JSON error body, else the start of the text. */
function errorText(status: number, text: string): string {
  try {
    const message = (JSON.parse(text) as { error?: { message?: string } }).error?.message;
    if (message) return message;
  } catch {
    // not JSON
  }
  return `HTTP ${status}: ${text.slice(0, 500)}`;
}

async function postOnce(url: string, secret: string, body: unknown): Promise<StepPostOutcome> {
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-cadre-internal-secret": secret },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await res.text();
    if (res.ok) {
      const id = (JSON.parse(text) as { execution_id?: unknown }).execution_id;
      return typeof id === "string" ? { kind: "sent", executionId: id } : { kind: "unreachable", error: "answer without execution_id" };
    }
    const transient = res.status >= 500 || res.status === 408 || res.status === 429;
    const error = errorText(res.status, text);
    return transient ? { kind: "unreachable", error } : { kind: "refused", status: res.status, error };
  } catch (err) {
    return { kind: "unreachable", error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
  }
}

export function createStepPoster(opts: { webUrl: string; secret: string; stopping(): boolean }) {
  const url = new URL("/api/internal/execute-task", opts.webUrl).toString();
  return async function post(task: StepTask): Promise<StepPostOutcome> {
    const body = bodyOf(task);
    let outcome = await postOnce(url, opts.secret, body);
    for (const delay of RETRY_DELAYS_MS) {
      if (outcome.kind !== "unreachable" || opts.stopping()) break;
      await new Promise((r) => setTimeout(r, delay));
      outcome = await postOnce(url, opts.secret, body);
    }
    return outcome;
  };
}
