// Completion: a scheduled run that ended is heard from its execution_finished event (every worker hears every
// event), and its retry, when one is owed, is queued at once. The events of a time this worker was not running are
// not replayed to it, so a poll looks for owed retries in the database: at start over the retry lookback, then
// every poll interval over the time since the last look.
import type { Db } from "@/lib/db";
import { owedRetries, RETRYABLE_STATUSES } from "@/lib/schedules/firing";
import type { WorkerLog } from "@/worker/log";
import type { Retries } from "./retries";

export interface CompletionOptions {
  db: Db;
  log: WorkerLog;
  now: () => Date;
  retries: Retries;
  /** how far back the first poll looks for owed retries */
  lookbackMs: number;
}

/** Failed runs read per page; a poll reads at most this many pages. */
const PAGE = 100;
const MAX_PAGES = 20;
/** Each poll looks back this far beyond its previous one (a row committed late, a clock a little off). */
const OVERLAP_MS = 60_000;

export function createCompletion(opts: CompletionOptions) {
  const { db, now, retries } = opts;
  let lookedFrom: number | null = null;
  const counts = { completions: 0, polledRetries: 0 };

  return {
    /** an execution_finished event: a failed slot run may owe a retry */
    onFinished(payload: { executionId?: unknown; status?: unknown; scheduleId?: unknown }): void {
      if (
        typeof payload.executionId !== "string" ||
        typeof payload.scheduleId !== "string" ||
        typeof payload.status !== "string"
      )
        return;
      counts.completions += 1;
      if (RETRYABLE_STATUSES.includes(payload.status)) void retries.retry(payload.executionId, "event");
    },

    /** The fallback: owed retries whose event this worker did not hear. */
    async poll(): Promise<number> {
      const started = now().getTime();
      const since = new Date(lookedFrom === null ? started - opts.lookbackMs : lookedFrom - OVERLAP_MS);
      const seen = new Set<string>();
      for (let page = 0; page < MAX_PAGES; page++) {
        const ids = (await owedRetries(db, since, PAGE)).filter((id) => !seen.has(id));
        for (const id of ids) {
          seen.add(id);
          await retries.retry(id, "poll");
        }
        // Queuing a retry takes its failure out of the query, so the next page is the next owed ones; a page of ones
        // already tried (the database refused them) waits for the next poll.
        if (ids.length < PAGE) break;
      }
      const found = seen.size;
      lookedFrom = started;
      counts.polledRetries += found;
      return found;
    },

    stats: () => ({ ...counts }),
  };
}

type Completion = ReturnType<typeof createCompletion>;
