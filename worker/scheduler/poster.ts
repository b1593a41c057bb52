// Hands claimed executions to the web process: POST /api/internal/execute-task with each row's idempotency key, so
// the web dispatches the worker's row instead of making another. Rows handed over in the same turn of the event loop
// (the slots of one second) travel together: one request per batch (`{ tasks }`), a few requests in flight at once
// over kept-alive connections; a lone row is sent in the single-task form. Network errors and 5xx are retried with
// backoff; when the web stays down the row waits in the database for the scheduler's unsent sweep.
import type { ClaimedExecution } from "../../lib/schedules/firing";

/** Delays before the attempts after the first. */
const RETRY_DELAYS_MS = [200, 1_000, 3_000];
const REQUEST_TIMEOUT_MS = 10_000;
/** Tasks per request, and a bound on its size (the web refuses bodies over 1 MB). */
const BATCH_MAX_TASKS = 250;
const BATCH_MAX_CHARS = 800_000;
/** Requests to the web in flight at once: enough to keep it busy, few enough not to bury it. */
const MAX_IN_FLIGHT = 4;

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

type TaskBody = ReturnType<typeof executeTaskBody>;

function outcomeOf(status: number, text: string): PostOutcome {
  if (status >= 200 && status < 300) return { kind: "sent", status };
  const transient = status >= 500 || status === 408 || status === 429;
  const error = `HTTP ${status}: ${text.slice(0, 500)}`;
  return transient ? { kind: "unreachable", error } : { kind: "refused", status, error };
}

const unreachable = (err: unknown): PostOutcome => ({
  kind: "unreachable",
  error: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
});

async function request(url: string, secret: string, payload: string): Promise<{ status: number; text: string }> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", "x-cadre-internal-secret": secret },
    body: payload,
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  return { status: res.status, text: await res.text() };
}

/** One request for one or more tasks; the outcomes are in the tasks' order. */
async function postTasks(url: string, secret: string, bodies: TaskBody[]): Promise<PostOutcome[]> {
  try {
    if (bodies.length === 1) {
      const { status, text } = await request(url, secret, JSON.stringify(bodies[0]));
      return [outcomeOf(status, text)];
    }
    const { status, text } = await request(url, secret, JSON.stringify({ tasks: bodies }));
    const outcome = outcomeOf(status, text);
    // A batch refused as a whole (a web that does not take batches) is sent task by task, so that no row is failed
    // for what another row, or the envelope, got wrong.
    if (outcome.kind === "refused") return (await Promise.all(bodies.map((b) => postTasks(url, secret, [b])))).flat();
    if (status !== 200) return bodies.map(() => outcome);
    const results = (JSON.parse(text) as { results?: { http_status: number }[] }).results;
    if (!Array.isArray(results) || results.length !== bodies.length) {
      return bodies.map(() => unreachable(new Error(`the web answered ${results?.length ?? "no"} results for ${bodies.length} tasks`)));
    }
    return results.map((r) => outcomeOf(r.http_status, JSON.stringify(r)));
  } catch (err) {
    return bodies.map(() => unreachable(err));
  }
}

interface Queued {
  body: TaskBody;
  size: number;
  resolve(outcome: PostOutcome): void;
}

export function createPoster(opts: PosterOptions) {
  const url = new URL("/api/internal/execute-task", opts.webUrl).toString();
  let queue: Queued[] = [];
  let inFlight = 0;
  let drainScheduled = false;

  /** The next request's tasks: as many queued ones as fit. */
  function takeBatch(): Queued[] {
    let chars = 0;
    let n = 0;
    while (n < queue.length && n < BATCH_MAX_TASKS && (n === 0 || chars + queue[n].size <= BATCH_MAX_CHARS)) chars += queue[n++].size;
    const batch = queue.slice(0, n);
    queue = queue.slice(n);
    return batch;
  }

  function drain(): void {
    drainScheduled = false;
    while (inFlight < MAX_IN_FLIGHT && queue.length > 0) {
      const batch = takeBatch();
      inFlight += 1;
      void postTasks(url, opts.secret, batch.map((q) => q.body))
        .then((outcomes) => batch.forEach((q, i) => q.resolve(outcomes[i])))
        .finally(() => {
          inFlight -= 1;
          drain();
        });
    }
  }

  /** Queues one attempt; requests leave after the current turn, so rows handed over together are batched. */
  function attempt(body: TaskBody): Promise<PostOutcome> {
    return new Promise((resolve) => {
      queue.push({ body, size: JSON.stringify(body).length, resolve });
      if (!drainScheduled) {
        drainScheduled = true;
        setImmediate(drain);
      }
    });
  }

  return async function post(row: ClaimedExecution): Promise<PostOutcome> {
    const body = executeTaskBody(row);
    let outcome = await attempt(body);
    for (const delay of RETRY_DELAYS_MS) {
      if (outcome.kind !== "unreachable" || opts.stopping()) break;
      await opts.sleep(delay);
      if (opts.stopping()) break;
      outcome = await attempt(body);
    }
    return outcome;
  };
}
