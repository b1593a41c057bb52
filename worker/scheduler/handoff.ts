// The hand-over to the web: each claimed row is posted to POST /api/internal/execute-task with async_mode and its
// idempotency key (the documented flow; the web answers at once with the row the scheduler inserted). The row is in
// the database already, so a web that is down delays nothing — a runner takes the row from there — and the unsent
// sweep posts it again later. A retry is posted when its backoff ends. What is kept here is only what saves posts:
// the rows being sent and those the web acknowledged (forgotten when they start or after a minute).
import type { Db } from "@/lib/db";
import { type ClaimedExecution, failUnsendable, retriesDue, unsentExecutions } from "@/lib/schedules/firing";
import type { PostOutcome } from "@/worker/execute-task-client";
import type { WorkerLog } from "@/worker/log";

export interface HandoffOptions {
  db: Db;
  log: WorkerLog;
  now: () => Date;
  post: (row: ClaimedExecution) => Promise<PostOutcome>;
  /** a queued row not started this long after it was due is posted again by the sweep */
  unsentAfterMs: number;
}

/** Rows looked at per sweep. */
const SWEEP_LIMIT = 200;
/** An acknowledged row still queued after this long is posted again (the web may have restarted). */
const ACK_TTL_MS = 60_000;

export function createHandoff(opts: HandoffOptions) {
  const { db, log, now } = opts;
  const sending = new Set<string>();
  const acknowledged = new Map<string, number>();
  const inFlight = new Set<Promise<unknown>>();
  const counts = { posts: 0, postFailures: 0, resent: 0 };
  let retriesCheckedTo: number | null = null;
  let stopping = false;

  function track(p: Promise<unknown>): void {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  }

  function postOne(row: ClaimedExecution): void {
    if (stopping || sending.has(row.id) || acknowledged.has(row.id)) return;
    sending.add(row.id);
    track(
      opts
        .post(row)
        .then(async (outcome) => {
          if (outcome.kind === "sent") {
            counts.posts += 1;
            acknowledged.set(row.id, now().getTime());
            return;
          }
          counts.postFailures += 1;
          if (outcome.kind === "refused") {
            log.error(`the web refused execution ${row.id} of schedule ${row.scheduleId}: ${outcome.error}`);
            await failUnsendable(db, row.id, `could not be started: ${outcome.error}`);
          } else {
            log.warn(`could not hand execution ${row.id} to the web (${outcome.error}); the sweep sends it later`);
          }
        })
        .catch((err) => log.error(`sending execution ${row.id}`, err))
        .finally(() => sending.delete(row.id)),
    );
  }

  return {
    /** Posts queued rows now; a retry still waiting out its backoff is posted when it ends (dueRetries). */
    send(rows: ClaimedExecution[]): void {
      const at = now().getTime();
      for (const row of rows)
        if (row.status === "queued" && (!row.notBefore || row.notBefore.getTime() <= at)) postOne(row);
    },

    /** Posts the retries whose backoff ended since the last look. */
    async dueRetries(): Promise<number> {
      const to = now().getTime();
      const from = retriesCheckedTo ?? to - opts.unsentAfterMs;
      const rows = await retriesDue(db, new Date(from), new Date(to), SWEEP_LIMIT);
      // A full page means more are due: the next look starts after the last one read.
      retriesCheckedTo = rows.length === SWEEP_LIMIT ? rows[rows.length - 1].notBefore!.getTime() : to;
      for (const row of rows) postOne(row);
      return rows.length;
    },

    /** Posts again queued slot rows that never started and that the web has not acknowledged to this process. */
    async sweep(): Promise<number> {
      const at = now().getTime();
      for (const [id, when] of acknowledged) if (at - when > ACK_TTL_MS) acknowledged.delete(id);
      const rows = await unsentExecutions(db, new Date(at - opts.unsentAfterMs), SWEEP_LIMIT);
      let n = 0;
      for (const row of rows) {
        if (acknowledged.has(row.id) || sending.has(row.id)) continue;
        counts.resent += 1;
        postOne(row);
        n += 1;
      }
      return n;
    },

    /** A row started or finished: nothing more to send for it. */
    forget(id: string): void {
      acknowledged.delete(id);
    },

    async stop(deadline: Promise<unknown>): Promise<boolean> {
      stopping = true;
      const settled = Promise.allSettled([...inFlight]).then(() => true);
      return Promise.race([settled, deadline.then(() => false)]);
    },

    async idle(): Promise<void> {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },

    stats() {
      return { ...counts, sending: sending.size };
    },
  };
}

export type Handoff = ReturnType<typeof createHandoff>;
