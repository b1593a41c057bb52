// The scheduler part of the worker, made of small parts that share nothing but their functions:
// - arming (arming.ts): the schedules to fire and their next slots, re-armed at once on schedule_changed, resynced
//   slowly in pages;
// - firing (firing.ts): ONE node-cron job ticking every second drives a due-queue; due slots are claimed in batches
//   (rows, events and marks in one transaction) and handed to the web (handoff.ts);
// - completion (completion.ts): execution_finished events, and a poll as the fallback, tell it a run ended;
// - retries (retries.ts): a failed run's next attempt is a queued row with a not-before time, never a timer;
// - pauses (pauses.ts): paused schedules resumed at their resume time, and the auto-pause rule after failed runs.
// The database is the source of truth: several workers may run this at once, every slot is claimed once (its unique
// key), and everything here is rebuilt by start().
import cron, { type ScheduledTask } from "node-cron";
import { type Db, direct, lastBusyAt, type SqlDatabase } from "@/lib/db";
import type { PublishedEvent } from "@/lib/realtime/events";
import type { ArmingSchedule } from "@/lib/schedules/firing";
import type { WorkerLog } from "@/worker/log";
import { createArming } from "./arming";
import { createCompletion } from "./completion";
import { createFiring } from "./firing";
import { createHandoff } from "./handoff";
import { createPauses } from "./pauses";
import { createPoster } from "./poster";
import { createRetries } from "./retries";
import type { Percentiles } from "./window";

export interface SchedulerTimings {
  /** a slot found at most this late runs as itself; older ones follow the catch-up policy */
  lateToleranceMs: number;
  /** how often queued rows the web may never have received are looked for, and how long after they were due */
  sweepMs: number;
  unsentAfterMs: number;
  /** completion fallback: how often the database is asked for failed runs whose retry has no row */
  pollMs: number;
  /** full comparison of the armed schedules with the database */
  resyncMs: number;
  /** how far back the first poll looks for owed retries */
  retryLookbackMs: number;
  /** how long stop() waits for claims and posts in flight */
  stopDeadlineMs: number;
  /** how often paused schedules whose resume time came are looked for */
  resumeMs: number;
}

export const DEFAULT_TIMINGS: SchedulerTimings = {
  lateToleranceMs: 10_000,
  sweepMs: 2_000,
  unsentAfterMs: 3_000,
  pollMs: 10_000,
  resyncMs: 60_000,
  retryLookbackMs: 7 * 86_400_000,
  stopDeadlineMs: 5_000,
  resumeMs: 1_000,
};

export interface SchedulerOptions {
  db: Db;
  /** plain SQL on the same database, for the claims (default: the process's, lib/db `direct`) */
  sql?: SqlDatabase;
  /** where the web process's API is (CADRE_WEB_URL) */
  webUrl: string;
  /** the internal secret sent as x-cadre-internal-secret */
  secret: string;
  log: WorkerLog;
  /** the clock; tests inject one (then with `timers: false`) */
  now?: () => Date;
  /** false: no tick; the caller drives tick(), sweep(), poll() and resync() itself (tests with an injected clock) */
  timers?: boolean;
  timings?: Partial<SchedulerTimings>;
  /** whether another worker's scheduler is alive (the registry): a start then catches nothing up as missed */
  othersFiring?: () => Promise<boolean>;
}

/** What the worker registry stores on the worker's row and GET /api/scheduler/status shows. */
export interface SchedulerStats {
  running: boolean;
  /** schedules armed */
  armed: number;
  /** timers the scheduler holds: its one tick, whatever the number of schedules */
  timers: number;
  /** when a tick last found slots due */
  lastFireAt: string | null;
  /** tick time − slot time of the slots fired in the last minute */
  fireLatenessMs: Percentiles;
  /**
   * rows this worker inserted queued / slots another claim had first / batches the database refused / slots passed
   * over at first because another worker was claiming their schedule (then claimed, or found claimed, after it)
   */
  claims: { won: number; lost: number; failed: number; deferred: number };
  /** slots recorded as skipped by the overlap policy (or a stopped agent) */
  skips: number;
  /** slots recorded as missed (after downtime, or late beyond the tolerance) and not run */
  misses: number;
  catchUpRuns: number;
  retriesQueued: number;
  posts: number;
  postFailures: number;
  changesApplied: number;
  resyncs: number;
}

/** A background job of the tick: runs every `everyMs`, never two at once. */
interface Periodic {
  name: string;
  everyMs: number;
  run: () => Promise<unknown>;
  last: number;
  busy: boolean;
}

export function createScheduler(opts: SchedulerOptions) {
  const { db, log } = opts;
  const now = opts.now ?? (() => new Date());
  const useTimers = opts.timers ?? true;
  const t: SchedulerTimings = { ...DEFAULT_TIMINGS, ...opts.timings };

  const post = createPoster({ webUrl: opts.webUrl, secret: opts.secret, stopping: () => stopping });
  const arming = createArming({ db, log, now, othersFiring: opts.othersFiring });
  const handoff = createHandoff({ db, log, now, post, unsentAfterMs: t.unsentAfterMs });
  const firing = createFiring({
    sql: opts.sql ?? direct,
    log,
    now,
    arming,
    handoff,
    lateToleranceMs: t.lateToleranceMs,
    lastBusyAt,
  });
  const retries = createRetries({ db, log, now, handoff });
  const completion = createCompletion({ db, log, now, retries, lookbackMs: t.retryLookbackMs });
  const pauses = createPauses({ db, log, now, lookbackMs: t.retryLookbackMs });

  let task: ScheduledTask | null = null;
  let running = false;
  let stopping = false;
  const background = new Set<Promise<unknown>>();

  const periodic: Periodic[] = [
    { name: "sweep", everyMs: t.sweepMs, run: () => handoff.sweep(), last: 0, busy: false },
    {
      name: "poll",
      everyMs: t.pollMs,
      run: () => Promise.all([completion.poll(), pauses.poll()]),
      last: 0,
      busy: false,
    },
    { name: "resume", everyMs: t.resumeMs, run: () => pauses.resumeDue(), last: 0, busy: false },
    { name: "resync", everyMs: t.resyncMs, run: () => arming.resync(), last: 0, busy: false },
  ];

  function inBackground(what: string, p: Promise<unknown>): void {
    const tracked = p.catch((err) => log.error(`scheduler ${what} failed`, err));
    background.add(tracked);
    void tracked.finally(() => background.delete(tracked));
  }

  /** One tick: fire what is due, hand over retries whose backoff ended, and start the background jobs that are due. */
  function onTick(): void {
    if (stopping) return;
    inBackground("tick", firing.tick());
    inBackground("retry hand-over", handoff.dueRetries());
    const at = now().getTime();
    for (const job of periodic) {
      if (job.busy || at - job.last < job.everyMs) continue;
      job.busy = true;
      job.last = at;
      inBackground(
        job.name,
        job.run().finally(() => (job.busy = false)),
      );
    }
  }

  async function start(): Promise<void> {
    if (running) return;
    running = true;
    stopping = false;
    firing.resume();
    // Pauses whose resume time passed while no worker ran are resumed first, so the arming finds them running.
    await pauses.resumeDue().catch((err) => log.error("resuming paused schedules failed", err));
    const { armed, ms } = await arming.start();
    // Slots missed while no scheduler ran are caught up (or recorded as missed) before the tick starts.
    const through = now();
    await firing.tick();
    const f = firing.stats();
    log.info(
      `scheduler armed ${armed} schedule${armed === 1 ? "" : "s"} in ${ms.toFixed(0)} ms; caught up through ${through.toISOString()}` +
        ` (catch-up runs ${f.catchUpRuns}, missed recorded ${f.misses})`,
      { armed, caughtUpThrough: through.toISOString() },
    );
    // Retries owed from before the start (their events were not heard): looked for in the background.
    const at = now().getTime();
    for (const job of periodic) job.last = at;
    inBackground("poll", Promise.all([completion.poll(), pauses.poll()]));
    if (!useTimers) return;
    task = cron.schedule("* * * * * *", onTick, { name: "scheduler tick" });
    // node-cron only logs a tick it could not make (the event loop was held); the next tick fires what is due anyway.
    task.on("execution:missed", () => undefined);
  }

  async function stop(): Promise<void> {
    if (!running) return;
    stopping = true;
    running = false;
    if (task) await task.destroy();
    task = null;
    const deadline = new Promise<void>((resolve) => setTimeout(resolve, t.stopDeadlineMs).unref());
    const settled = Promise.allSettled([
      firing.stop(),
      arming.idle(),
      retries.idle(),
      pauses.idle(),
      ...background,
    ]).then(() => true);
    const done = (await Promise.race([settled, deadline.then(() => false)])) && (await handoff.stop(deadline));
    if (!done) log.warn("scheduler stopped with claims or posts still in flight");
    arming.disarmAll();
  }

  /** Events from the outbox feed: schedule changes re-arm, runs that start or end complete. */
  function onEvent(event: PublishedEvent): void {
    if (!running || stopping) return;
    const payload = event.payload as Record<string, unknown>;
    if (event.name === "schedule_changed" && typeof payload.scheduleId === "string") {
      void arming.reload(payload.scheduleId, typeof payload.at === "string" ? Date.parse(payload.at) : undefined);
    } else if (event.name === "execution_finished" && typeof payload.executionId === "string") {
      handoff.forget(payload.executionId);
      completion.onFinished(payload);
      pauses.onFinished(payload);
    } else if (event.name === "execution_started" && typeof payload.executionId === "string") {
      handoff.forget(payload.executionId);
    }
  }

  function stats(): SchedulerStats {
    const a = arming.stats();
    const f = firing.stats();
    const h = handoff.stats();
    return {
      running,
      armed: a.armed,
      timers: task ? 1 : 0,
      lastFireAt: f.lastFireAt === null ? null : new Date(f.lastFireAt).toISOString(),
      fireLatenessMs: f.fireLatenessMs,
      claims: { won: f.claimsWon, lost: f.claimsLost, failed: f.claimFailures, deferred: f.deferred },
      skips: f.skips,
      misses: f.misses,
      catchUpRuns: f.catchUpRuns,
      retriesQueued: retries.stats().retriesQueued,
      posts: h.posts,
      postFailures: h.postFailures,
      changesApplied: a.changesApplied,
      resyncs: a.resyncs,
    };
  }

  return {
    start,
    stop,
    onEvent,
    stats,
    /** Fires what is due now, as a tick does (tests with an injected clock drive it). */
    async tick(): Promise<void> {
      await firing.tick();
      await handoff.dueRetries();
    },
    /** Arms rows as at start (catchUp) or from now, replacing their arming; for tests and the benchmark. */
    arm: (rows: ArmingSchedule[], mode: { catchUp: boolean }) => arming.arm(rows, mode),
    /** The armed schedule: its expression, plain-English reading, version and next slot; null when not armed. */
    armed: (id: string) => arming.describe(id),
    reload: (id: string) => arming.reload(id),
    resync: () => arming.resync(),
    sweep: () => handoff.sweep(),
    poll: () => completion.poll(),
    /** the fire lateness samples of the last minute (ms), for the benchmark */
    lateness: () => firing.lateness(),
    /** resolves when every pass, claim, post and reload started so far has settled */
    async idle(): Promise<void> {
      for (;;) {
        await Promise.allSettled([
          firing.idle(),
          arming.idle(),
          retries.idle(),
          handoff.idle(),
          pauses.idle(),
          ...background,
        ]);
        if (background.size === 0) break;
      }
      await Promise.allSettled([firing.idle(), arming.idle(), retries.idle(), handoff.idle()]);
    },
  };
}
