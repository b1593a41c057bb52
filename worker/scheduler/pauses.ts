// Pauses the worker applies (lib/schedules/pause.ts): a paused schedule whose resume time has come is resumed (looked
// for every tick, and at start, so a resume due while no worker ran happens as it starts), and a schedule whose
// scheduled run failed is checked against its auto-pause rule (at the run's execution_finished event, and by the
// completion poll for failures whose event this worker did not hear). Each is one conditional write with its change
// row and event, so every worker may try and one does it.
import type { Db } from "@/lib/db";
import {
  autoPauseIfFailing,
  dueResumes,
  FAILED_RUN_STATUSES,
  failingSchedulesSince,
  resumeDue,
} from "@/lib/schedules/pause";
import type { WorkerLog } from "@/worker/log";

export interface PausesOptions {
  db: Db;
  log: WorkerLog;
  now: () => Date;
  /** how far back the first poll looks for failed runs */
  lookbackMs: number;
}

/** Each poll looks back this far beyond its previous one (a row committed late, a clock a little off). */
const OVERLAP_MS = 60_000;

export function createPauses(opts: PausesOptions) {
  const { db, log, now } = opts;
  const checking = new Map<string, Promise<void>>();
  const counts = { resumed: 0, autoPaused: 0 };
  let lookedFrom: number | null = null;

  function check(scheduleId: string): Promise<void> {
    const running = checking.get(scheduleId);
    if (running) return running;
    const p = autoPauseIfFailing(db, scheduleId, now())
      .then((reason) => {
        if (!reason) return;
        counts.autoPaused += 1;
        log.info(`schedule ${scheduleId} ${reason}`, { scheduleId });
      })
      .catch((err) => log.error(`checking the auto-pause of schedule ${scheduleId} failed`, err))
      .finally(() => checking.delete(scheduleId));
    checking.set(scheduleId, p);
    return p;
  }

  return {
    /** Resumes the paused schedules whose resume time has come; answers how many this worker resumed. */
    async resumeDue(): Promise<number> {
      const at = now();
      let n = 0;
      for (const id of await dueResumes(db, at)) {
        if (!(await resumeDue(db, id, at))) continue;
        n += 1;
        log.info(`schedule ${id} resumed: its pause's resume time came`, { scheduleId: id });
      }
      counts.resumed += n;
      return n;
    },

    /** an execution_finished event of a schedule's run */
    onFinished(payload: { scheduleId?: unknown; status?: unknown; trigger?: unknown }): void {
      if (typeof payload.scheduleId !== "string" || typeof payload.status !== "string") return;
      if (!FAILED_RUN_STATUSES.includes(payload.status)) return;
      if (payload.trigger !== "schedule" && payload.trigger !== "retry") return;
      void check(payload.scheduleId);
    },

    /** The fallback: schedules that failed since the last poll, whose event this worker may not have heard. */
    async poll(): Promise<void> {
      const started = now().getTime();
      const since = new Date(lookedFrom === null ? started - opts.lookbackMs : lookedFrom - OVERLAP_MS);
      for (const id of await failingSchedulesSince(db, since)) await check(id);
      lookedFrom = started;
    },

    async idle(): Promise<void> {
      while (checking.size > 0) await Promise.allSettled([...checking.values()]);
    },

    stats: () => ({ ...counts }),
  };
}
