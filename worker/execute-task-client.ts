// The worker's way of handing tasks to the web process: POST /api/internal/execute-task with each task's idempotency
// key, so a repeated post (retry, restart, a second worker) returns the execution made the first time. Tasks handed
// over in the same turn of the event loop (the slots of one second, the steps resumed together) travel together: one
// request per batch (`{ tasks }`), a few requests in flight at once over kept-alive connections; a lone task is sent in
// the single-task form. Network errors, 5xx, 408 and 429 are retried with backoff; a 4xx is final.

/** Delays before the attempts after the first. */
const RETRY_DELAYS_MS = [200, 1_000, 3_000];
const REQUEST_TIMEOUT_MS = 10_000;
/** Tasks per request, and a bound on its size (the web refuses bodies over 1 MB). */
const BATCH_MAX_TASKS = 250;
const BATCH_MAX_CHARS = 800_000;
/** Requests to the web in flight at once: enough to keep it busy, few enough not to bury it. */
const MAX_IN_FLIGHT = 4;

export interface ExecuteTaskBody {
  agent_name: string;
  message: string;
  model?: string;
  async_mode: true;
  triggered_by: string;
  timeout_seconds?: number;
  idempotency_key?: string;
}

export type PostOutcome =
  | { kind: "sent"; status: number; executionId?: string }
  /** the web refused the task for good (4xx, e.g. the agent is stopped or gone): resending it cannot help */
  | { kind: "refused"; status: number; error: string }
  /** the web could not be reached or kept failing; the caller's sweep tries again later */
  | { kind: "unreachable"; error: string };

export interface ExecuteTaskClientOptions {
  webUrl: string;
  secret: string;
  stopping(): boolean;
  /** resolves after `ms` (or sooner, when stopping); a plain timer when left out */
  sleep?(ms: number): Promise<void>;
}

/** The message of the web's JSON error body, else the start of the text. */
function errorText(status: number, text: string): string {
  try {
    const message = (JSON.parse(text) as { error?: { message?: string } }).error?.message;
    if (message) return `HTTP ${status}: ${message}`;
  } catch {
    // not JSON
  }
  return `HTTP ${status}: ${text.slice(0, 500)}`;
}

function outcomeOf(status: number, text: string, executionId?: unknown): PostOutcome {
  if (status >= 200 && status < 300)
    return { kind: "sent", status, ...(typeof executionId === "string" ? { executionId } : {}) };
  const transient = status >= 500 || status === 408 || status === 429;
  const error = errorText(status, text);
  return transient ? { kind: "unreachable", error } : { kind: "refused", status, error };
}

const unreachable = (err: unknown): PostOutcome => ({
  kind: "unreachable",
  error: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
});

function parsed(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === "object" ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

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
async function postTasks(url: string, secret: string, bodies: ExecuteTaskBody[]): Promise<PostOutcome[]> {
  try {
    if (bodies.length === 1) {
      const { status, text } = await request(url, secret, JSON.stringify(bodies[0]));
      return [outcomeOf(status, text, parsed(text).execution_id)];
    }
    const { status, text } = await request(url, secret, JSON.stringify({ tasks: bodies }));
    const outcome = outcomeOf(status, text);
    // A batch refused as a whole (a web that does not take batches) is sent task by task, so that no task is failed
    // for what another task, or the envelope, got wrong.
    if (outcome.kind === "refused") return (await Promise.all(bodies.map((b) => postTasks(url, secret, [b])))).flat();
    if (status !== 200) return bodies.map(() => outcome);
    const results = parsed(text).results as { http_status: number; execution_id?: unknown }[] | undefined;
    if (!Array.isArray(results) || results.length !== bodies.length) {
      return bodies.map(() =>
        unreachable(new Error(`the web answered ${results?.length ?? "no"} results for ${bodies.length} tasks`)),
      );
    }
    return results.map((r) => outcomeOf(r.http_status, JSON.stringify(r), r.execution_id));
  } catch (err) {
    return bodies.map(() => unreachable(err));
  }
}

interface Queued {
  body: ExecuteTaskBody;
  size: number;
  resolve(outcome: PostOutcome): void;
}

/** Sends one task, with retries; resolves with the last attempt's outcome. */
export function createExecuteTaskClient(
  opts: ExecuteTaskClientOptions,
): (body: ExecuteTaskBody) => Promise<PostOutcome> {
  const url = new URL("/api/internal/execute-task", opts.webUrl).toString();
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let queue: Queued[] = [];
  let inFlight = 0;
  let drainScheduled = false;

  /** The next request's tasks: as many queued ones as fit. */
  function takeBatch(): Queued[] {
    let chars = 0;
    let n = 0;
    while (n < queue.length && n < BATCH_MAX_TASKS && (n === 0 || chars + queue[n].size <= BATCH_MAX_CHARS))
      chars += queue[n++].size;
    const batch = queue.slice(0, n);
    queue = queue.slice(n);
    return batch;
  }

  function drain(): void {
    drainScheduled = false;
    while (inFlight < MAX_IN_FLIGHT && queue.length > 0) {
      const batch = takeBatch();
      inFlight += 1;
      void postTasks(
        url,
        opts.secret,
        batch.map((q) => q.body),
      )
        .then((outcomes) => {
          for (const [i, q] of batch.entries()) q.resolve(outcomes[i]);
        })
        .finally(() => {
          inFlight -= 1;
          drain();
        });
    }
  }

  /** Queues one attempt; requests leave after the current turn, so tasks handed over together are batched. */
  function attempt(body: ExecuteTaskBody): Promise<PostOutcome> {
    return new Promise((resolve) => {
      queue.push({ body, size: JSON.stringify(body).length, resolve });
      if (!drainScheduled) {
        drainScheduled = true;
        setImmediate(drain);
      }
    });
  }

  return async function send(body: ExecuteTaskBody): Promise<PostOutcome> {
    let outcome = await attempt(body);
    for (const delay of RETRY_DELAYS_MS) {
      if (outcome.kind !== "unreachable" || opts.stopping()) break;
      await sleep(delay);
      if (opts.stopping()) break;
      outcome = await attempt(body);
    }
    return outcome;
  };
}
