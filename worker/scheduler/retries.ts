// Retries as rows: a failed (timed out, interrupted) slot run with retries left gets its next attempt inserted at
// once as a queued row that runners leave alone until its `notBefore` (the backoff, doubling), with its event, in
// one transaction (lib/schedules/firing.ts queueRetry). Every worker that notices the failure tries; the slot's
// unique key lets one insert win. Nothing is kept here: a restarted worker, or any other, continues from the rows.
import type { Db } from "@/lib/db";
import { queueRetry } from "@/lib/schedules/firing";
import type { WorkerLog } from "@/worker/log";
import type { Handoff } from "./handoff";

export interface RetriesOptions {
  db: Db;
  log: WorkerLog;
  now: () => Date;
  handoff: Handoff;
}

export function createRetries(opts: RetriesOptions) {
  const { db, log, now, handoff } = opts;
  /** one attempt at a time per failed execution (its event and the poll may notice it together) */
  const pending = new Map<string, Promise<void>>();
  const counts = { retriesQueued: 0, retriesSkipped: 0 };

  async function queue(failedId: string, via: "event" | "poll"): Promise<void> {
    const at = now();
    const outcome = await queueRetry(db, failedId, at);
    if (outcome.kind === "none" || outcome.kind === "exists") return;
    const { row, failed, schedule, delayMs } = outcome;
    const noticeMs = failed.finishedAt ? at.getTime() - failed.finishedAt.getTime() : null;
    const notice = `its end noticed via ${via}${noticeMs === null ? "" : `, ${noticeMs} ms after it finished`}`;
    if (outcome.kind === "skipped") {
      counts.retriesSkipped += 1;
      log.info(
        `execution ${failed.id} of schedule ${schedule.name} ${failed.status} (attempt ${failed.attempt}); attempt ${row.attempt} skipped: agent stopped (${notice})`,
      );
      return;
    }
    counts.retriesQueued += 1;
    log.info(
      `execution ${failed.id} of schedule ${schedule.name} ${failed.status} (attempt ${failed.attempt}); attempt ${row.attempt} of ` +
        `${schedule.retryCount + 1} queued as ${row.id}, not before ${row.notBefore?.toISOString()} (${delayMs / 1000} s backoff; ${notice})`,
      { executionId: row.id, scheduleId: schedule.id },
    );
    handoff.send([row]);
  }

  return {
    /** Queues the next attempt of this execution if one is owed; never throws. */
    retry(failedId: string, via: "event" | "poll"): Promise<void> {
      const running = pending.get(failedId);
      if (running) return running;
      const p = queue(failedId, via)
        .catch((err) => log.error(`queuing a retry of ${failedId} failed (the completion poll tries again)`, err))
        .finally(() => pending.delete(failedId));
      pending.set(failedId, p);
      return p;
    },

    async idle(): Promise<void> {
      while (pending.size > 0) await Promise.allSettled([...pending.values()]);
    },

    stats: () => ({ ...counts }),
  };
}

export type Retries = ReturnType<typeof createRetries>;
