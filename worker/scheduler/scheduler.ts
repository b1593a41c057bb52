// The scheduler: one node-cron job per enabled schedule, in the schedule's time zone. A fire claims its slot by
// inserting the execution row (unique per schedule, slot and attempt), applies the overlap policy and hands the row to
// the web process. Around the jobs:
// - a reconciler fires slots node-cron did not (a daily time in the spring-forward gap, a blocked event loop) and,
//   at start, applies the catch-up policy to slots missed while the worker was down;
// - a slot the database refused (locked, busy) is fired again until it answers; one that is late beyond the
//   tolerance by then follows the catch-up policy. A slot the policy does not run is recorded as a skipped
//   execution saying why it was missed, so every slot leaves a row;
// - schedule_changed events re-arm a job at once; a slow full resync repairs a lost event;
// - execution_finished events (and a 10 s poll as fallback) tell it a run ended, and failed runs are retried;
// - an unsent sweep re-posts rows the web never got.
// The database is the source of truth: everything in memory here is rebuilt by start().
import cron, { type ScheduledTask } from "node-cron";
import type { Db } from "../../lib/db";
import type { PublishedEvent } from "../../lib/realtime/events";
import { EVENT_VERSION, rooms } from "../../lib/realtime/events";
import { describeCron } from "../../lib/schedules/cron-spec";
import {
  activeExecutions,
  agentState,
  agentStates,
  claimSlot,
  claimSlots,
  enabledScheduleVersions,
  failUnsendable,
  failedWithoutRetry,
  findFinished,
  finishedAmong,
  loadEnabledSchedules,
  loadSchedule,
  markSlotHandled,
  markSlotsHandled,
  RETRYABLE_STATUSES,
  unfinishedSlotExecutions,
  unsentExecutions,
  type ClaimedExecution,
  type FinishedSlotExecution,
  type FiringSchedule,
  type SlotClaim,
} from "../../lib/schedules/firing";
import { isBusyError } from "../../lib/db/errors";
import { decideCatchUp, floorToSecond, MISSED_BECAUSE, missedReason, retryDelayMs, SlotClock, type CatchUpPolicy } from "../../lib/schedules/slots";
import type { WorkerLog } from "../log";
import { DueQueue, Samples } from "./due-queue";
import { createPoster } from "./poster";

export interface SchedulerTimings {
  /** how often the reconciler looks for due slots node-cron did not fire */
  reconcileMs: number;
  /** how long after its time a slot is left to node-cron before the reconciler fires it */
  graceMs: number;
  /** a slot found missed at most this late still runs as itself; older ones follow the catch-up policy */
  lateToleranceMs: number;
  /** how often queued rows the web may never have received are looked for, and how old they must be */
  sweepMs: number;
  unsentAfterMs: number;
  /** completion fallback: how often unfinished runs are looked up in the database */
  pollMs: number;
  /** full comparison of the armed jobs with the database */
  resyncMs: number;
  /** how far back failed runs are checked for owed retries at start */
  retryLookbackMs: number;
  /** how long stop() waits for claims and posts in flight */
  stopDeadlineMs: number;
  /**
   * node-cron jobs are made only for schedules whose next slot is this close; the reconciler tick makes the others'
   * just in time, so arming thousands of daily schedules does not build thousands of timers up front
   */
  armHorizonMs: number;
}

export const DEFAULT_TIMINGS: SchedulerTimings = {
  reconcileMs: 1_000,
  graceMs: 1_500,
  lateToleranceMs: 10_000,
  sweepMs: 2_000,
  unsentAfterMs: 3_000,
  pollMs: 10_000,
  resyncMs: 60_000,
  retryLookbackMs: 7 * 86_400_000,
  stopDeadlineMs: 5_000,
  armHorizonMs: 10 * 60_000,
};

export interface SchedulerOptions {
  db: Db;
  /** where the web process's API is (CADRE_WEB_URL) */
  webUrl: string;
  /** the internal secret sent as x-cadre-internal-secret */
  secret: string;
  log: WorkerLog;
  /** the clock; tests inject one (then usually with `timers: false`) */
  now?: () => Date;
  /**
   * false: no node-cron jobs and no interval timers; the caller drives reconcile(), sweep(), poll() itself
   * (tests with an injected clock). Default true.
   */
  timers?: boolean;
  /** delivers events to browsers (the socket hub's emit); used to announce skipped slots */
  emit?: (event: PublishedEvent) => unknown;
  timings?: Partial<SchedulerTimings>;
}

interface ArmedJob {
  schedule: FiringSchedule;
  clock: SlotClock;
  /** the expression, for logs and stats (its plain-English reading is made when asked for) */
  cron: string;
  /** the node-cron job; made only once the next slot is within the arming horizon */
  task: ScheduledTask | null;
  /** the latest slot this worker fired, skipped or caught up (ms); node-cron fires at or before it are ignored */
  handledThrough: number;
  /** slots fired recently (ms), so a reconciler fire of a slot node-cron already fired costs nothing */
  fired: number[];
  /** the next slot the reconciler expects (ms), or null when the expression never runs again */
  expected: number | null;
  /** fires of one schedule run one after the other, so the overlap check and the claim do not interleave */
  chain: Promise<void>;
  /**
   * The earliest slot whose fire the database refused and that has no row yet (ms), or null. The reconciler fires
   * again from here, whatever the marks above say, and lastSlotAt is not moved past it.
   */
  owedFrom: number | null;
  /** why the owed slots were refused, for the record of those the catch-up policy does not run */
  failure: string | null;
}

/**
 * cron: node-cron's callback; due: found due when a batch was gathered (node-cron's slots of the same second not
 * delivered yet, slots fired again after a failure); reconcile: the reconciler's pass; catch-up: the catch-up policy's
 * run; missed: recorded as missed (skipped, with the reason) instead of run.
 */
type FireKind = "cron" | "due" | "reconcile" | "catch-up" | "missed";

interface Fire {
  job: ArmedJob;
  slot: number;
  kind: FireKind;
  /** for kind "missed": the error recorded on the row */
  missed?: string;
}

interface PendingRetry {
  due: number;
  failed: FinishedSlotExecution;
}

export interface SchedulerStats {
  armed: number;
  /** node-cron callbacks */
  fires: number;
  /** slots fired by the reconciler (missed by node-cron) */
  reconcileFires: number;
  catchUpRuns: number;
  /** execution rows inserted queued (runs, retries included) */
  claims: number;
  /** slots another claim had taken first */
  alreadyClaimed: number;
  /** batches of fires the database failed (their slots are fired again) */
  fireFailures: number;
  /** slots recorded as skipped */
  skips: number;
  /** slots recorded as missed (late beyond tolerance or after downtime, and not run by the catch-up policy) */
  missed: number;
  posts: number;
  postFailures: number;
  resent: number;
  retries: number;
  completions: number;
  changesApplied: number;
  resyncs: number;
  lastArmMs: number | null;
  lastArmCount: number;
  waiting: number;
  pendingRetries: number;
  /** p50/p95/p99 in ms over the recent samples */
  fireLatenessMs: Percentiles;
  dispatchMs: Percentiles;
  completionNoticeMs: Percentiles;
  changeApplyMs: Percentiles;
}

export interface Percentiles {
  n: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

const MAX_FIRED_MEMORY = 8;
const MISSED_SLOT_LIMIT = 100;
/** a gap longer than this is recorded as its most recent slots one by one and one row standing for the rest */
const MISSED_RECORD_LIMIT = 100;
/** a retry the database refused to start is tried again after this long */
const RETRY_AGAIN_MS = 2_000;

/**
 * Splits fires into rounds in which each schedule has at most one run, keeping each schedule's order. Slots recorded
 * as missed need no overlap check and go with the first round.
 */
function rounds<E extends { job: unknown; kind: FireKind }>(entries: E[]): E[][] {
  const out: E[][] = [];
  const seen = new Map<unknown, number>();
  for (const e of entries) {
    if (e.kind === "missed") {
      (out[0] ??= []).push(e);
      continue;
    }
    const k = seen.get(e.job) ?? 0;
    seen.set(e.job, k + 1);
    (out[k] ??= []).push(e);
  }
  return out;
}

function describeFires(entries: { job: { schedule: { name: string } }; slot: number }[]): string {
  const first = entries[0];
  const more = entries.length > 1 ? ` and ${entries.length - 1} more` : "";
  return `${first.job.schedule.name} for ${new Date(first.slot).toISOString()}${more}`;
}

function percentiles(s: Samples): Percentiles {
  return { n: s.all().length, p50: s.percentile(50), p95: s.percentile(95), p99: s.percentile(99) };
}

export function createScheduler(opts: SchedulerOptions) {
  const { db, log } = opts;
  const now = opts.now ?? (() => new Date());
  const useTimers = opts.timers ?? true;
  const t: SchedulerTimings = { ...DEFAULT_TIMINGS, ...opts.timings };

  const jobs = new Map<string, ArmedJob>();
  const due = new DueQueue();
  /** jobs without a node-cron task yet, keyed by when their next slot enters the arming horizon */
  const toArm = new DueQueue();
  /** executions this scheduler waits on to finish (id → its schedule) */
  const waiting = new Set<string>();
  /** executions the web has acknowledged: the unsent sweep leaves them alone */
  const acknowledged = new Set<string>();
  const sending = new Set<string>();
  const pendingRetries = new Map<string, PendingRetry>();
  const reloads = new Map<string, Promise<void>>();
  const inFlight = new Set<Promise<unknown>>();
  const intervals: NodeJS.Timeout[] = [];
  const sleepers = new Set<() => void>();
  let running = false;
  let stopping = false;

  const counters = {
    fires: 0,
    reconcileFires: 0,
    catchUpRuns: 0,
    claims: 0,
    alreadyClaimed: 0,
    fireFailures: 0,
    skips: 0,
    missed: 0,
    posts: 0,
    postFailures: 0,
    resent: 0,
    retries: 0,
    completions: 0,
    changesApplied: 0,
    resyncs: 0,
    lastArmMs: null as number | null,
    lastArmCount: 0,
  };
  const samples = {
    fireLateness: new Samples(),
    dispatch: new Samples(),
    completionNotice: new Samples(),
    changeApply: new Samples(),
  };

  function track<T>(p: Promise<T>): Promise<T> {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p)).catch(() => undefined);
    return p;
  }

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      sleepers.add(done);
    });
  }

  const post = createPoster({ webUrl: opts.webUrl, secret: opts.secret, sleep, stopping: () => stopping });

  // ---------------------------------------------------------------- arming

  function armJob(schedule: FiringSchedule, handledThrough: number): ArmedJob {
    const clock = new SlotClock(schedule.cron, schedule.timezone);
    const job: ArmedJob = {
      schedule,
      clock,
      cron: schedule.cron,
      task: null,
      handledThrough,
      fired: [],
      expected: null,
      chain: Promise.resolve(),
      owedFrom: null,
      failure: null,
    };
    jobs.set(schedule.id, job);
    expectNext(job, handledThrough);
    return job;
  }

  /** Makes the node-cron job of a schedule whose next slot is within the horizon, or queues it until it is. */
  function armTask(job: ArmedJob): void {
    if (!useTimers || job.task || job.expected === null || stopping) return;
    const enters = job.expected - t.armHorizonMs;
    if (enters > now().getTime()) {
      toArm.push(enters, job.schedule.id);
      return;
    }
    const schedule = job.schedule;
    try {
      job.task = cron.schedule(schedule.cron, () => onCron(job), {
        timezone: schedule.timezone,
        name: `schedule:${schedule.id}:v${schedule.version}`,
        // Missed fires are the reconciler's business; node-cron would only log them.
        suppressMissedWarning: true,
      });
    } catch (err) {
      // The reconciler still fires its slots (a grace period late) rather than let the schedule go silent.
      log.error(`node-cron refused schedule ${schedule.name} (${schedule.id}): ${job.cron}`, err);
    }
  }

  /** Makes the node-cron jobs whose schedules' next slots entered the horizon. */
  function armDueTasks(): void {
    const horizon = now().getTime() + t.armHorizonMs;
    for (let entry = toArm.popDue(now().getTime()); entry; entry = toArm.popDue(now().getTime())) {
      const job = jobs.get(entry.key);
      if (job && !job.task && job.expected !== null && job.expected <= horizon) armTask(job);
    }
  }

  function disarm(id: string): boolean {
    const job = jobs.get(id);
    if (!job) return false;
    jobs.delete(id);
    if (job.task) void Promise.resolve(job.task.destroy()).catch((err) => log.error(`stopping the job of ${id}`, err));
    return true;
  }

  function expectNext(job: ArmedJob, after: number): void {
    const next = job.clock.next(new Date(after));
    job.expected = next ? next.getTime() : null;
    if (job.expected !== null) due.push(job.expected, job.schedule.id);
    armTask(job);
  }

  /**
   * Arms jobs for schedule rows. `catchUp` (at start) applies each schedule's catch-up policy to slots missed since
   * its lastSlotAt; otherwise slots before now are not run (a schedule just created or enabled starts from now).
   */
  async function armSchedules(rows: FiringSchedule[], mode: { catchUp: boolean }): Promise<{ armed: number; ms: number }> {
    const t0 = performance.now();
    const at = now();
    for (const row of rows) {
      disarm(row.id);
      if (mode.catchUp) {
        const job = armJob(row, (row.lastSlotAt ?? row.createdAt).getTime());
        // Only a schedule whose next slot after lastSlotAt has passed missed anything.
        if (job.expected !== null && job.expected <= at.getTime()) catchUp(job, job.clock.latestAtOrBefore(at), at, MISSED_BECAUSE.down);
      } else {
        armJob(row, Math.max(row.lastSlotAt?.getTime() ?? 0, floorToSecond(at).getTime()));
      }
    }
    const ms = performance.now() - t0;
    counters.lastArmMs = ms;
    counters.lastArmCount = rows.length;
    return { armed: rows.length, ms };
  }

  /** Where a job's next fires start: after its handled mark, or before the slots the database refused. */
  function firedThrough(job: ArmedJob): number {
    return job.owedFrom === null ? job.handledThrough : Math.min(job.handledThrough, job.owedFrom - 1);
  }

  /**
   * Slots after the job's handled mark up to `latest` were missed (the worker was down, the process stalled, the
   * database refused them until they were late beyond tolerance): one run for `latest` when the policy is `latest` and
   * it is within the window, else none. Every other slot is recorded as missed with `why`: a long gap as its last
   * MISSED_RECORD_LIMIT slots and one row, on its first slot, standing for the ones before.
   */
  function catchUp(job: ArmedJob, latest: Date | null, at: Date, why: string): void {
    const from = firedThrough(job);
    if (!latest || latest.getTime() <= from) return;
    const s = job.schedule;
    const policy = s.catchUpPolicy as CatchUpPolicy;
    const run = decideCatchUp([latest], policy, s.catchUpWindowSeconds, at).run;
    const listed = job.clock.lastBetween(new Date(from), latest, MISSED_RECORD_LIMIT);
    const first = job.clock.next(new Date(from));
    if (first && listed.length > 0 && first.getTime() < listed[0].getTime()) {
      const upTo = job.clock.latestAtOrBefore(new Date(listed[0].getTime() - 1));
      fire(job, first.getTime(), "missed", missedReason(why, policy, run, s.catchUpWindowSeconds, upTo ?? undefined));
    }
    const reason = missedReason(why, policy, run, s.catchUpWindowSeconds);
    for (const slot of listed) {
      if (run && slot.getTime() === run.getTime()) fire(job, slot.getTime(), "catch-up");
      else fire(job, slot.getTime(), "missed", reason);
    }
    if (run) counters.catchUpRuns += 1;
    job.handledThrough = Math.max(job.handledThrough, latest.getTime());
    expectNext(job, job.handledThrough);
  }

  // ---------------------------------------------------------------- firing

  function onCron(job: ArmedJob): void {
    counters.fires += 1;
    const at = now();
    // Slots are whole seconds: the expected slot, when less than a second old, is the latest one, without asking croner
    // (which costs ~0.1 ms a fire, a tenth of a second for a thousand schedules due together).
    const sinceExpected = job.expected === null ? -1 : at.getTime() - job.expected;
    const slot = sinceExpected >= 0 && sinceExpected < 1000 ? new Date(job.expected!) : job.clock.latestAtOrBefore(at);
    // node-cron and croner read the accepted expressions the same way; a fire croner does not know is left alone.
    if (!slot || at.getTime() - slot.getTime() > 2_000) return;
    samples.fireLateness.add(at.getTime() - slot.getTime());
    if (slot.getTime() <= job.handledThrough) return;
    // fire() defers the claim past the timers phase: node-cron callbacks of the same second all run on time before
    // any database work, and are then claimed as one batch.
    fire(job, slot.getTime(), "cron");
  }

  /**
   * Fires wait here until the end of the current turn of the event loop and are then claimed together: the
   * node-cron callbacks of one second (or the slots one reconciler pass found) share one agent read, one overlap read,
   * one multi-row insert and one update of the schedules' marks.
   */
  let pendingFires: Fire[] = [];

  function fire(job: ArmedJob, slot: number, kind: FireKind, missed?: string): void {
    if (stopping) return;
    // Tracked from now, so idle() and stop() wait for a fire that has not reached the database yet.
    if (pendingFires.length === 0) void track(new Promise<void>((resolve) => setImmediate(() => resolve(flushFires()))));
    pendingFires.push({ job, slot, kind, ...(missed === undefined ? {} : { missed }) });
  }

  /**
   * Starts the pending fires as one batch. Fires of one schedule still run one after the other (so its overlap check
   * and claim do not interleave): the batch waits for the schedules' previous fires, and a schedule with several
   * slots in the batch has them claimed in successive rounds.
   */
  function flushFires(): Promise<void> | undefined {
    if (stopping) return;
    // node-cron delivers the callbacks of one second over a few turns of the loop (a thousand take 150–300 ms): every
    // slot already due joins this batch rather than wait for the next one; their callbacks then find them handled.
    fireDue(now().getTime(), "due");
    const seen = new Set<string>();
    const entries = pendingFires.filter((e) => {
      const key = `${e.job.schedule.id}:${e.slot}`;
      return !seen.has(key) && seen.add(key);
    });
    pendingFires = [];
    // Each schedule's slots in time order (node-cron's callback for this second comes before the older slots found
    // due with it), so the rounds claim them oldest first.
    entries.sort((a, b) => a.slot - b.slot);
    if (entries.length === 0) return;
    const jobsOf = [...new Set(entries.map((e) => e.job))];
    const run = Promise.all(jobsOf.map((j) => j.chain)).then(async () => {
      for (const round of rounds(entries)) await fireNow(round);
    });
    const settled = run.catch((err) => {
      const what = `${entries.length} slot${entries.length === 1 ? "" : "s"} (${describeFires(entries)})`;
      // A lock held elsewhere is expected to pass: one line, not a stack a second for as long as it lasts.
      if (isBusyError(err)) log.warn(`the database is busy; ${what} will be fired again`);
      else log.error(`firing ${what}`, err);
    });
    for (const job of jobsOf) job.chain = settled;
    return settled;
  }

  async function fireNow(entries: Fire[]): Promise<void> {
    const live = entries.filter(({ job, slot, kind }) => {
      if (stopping || jobs.get(job.schedule.id) !== job || job.fired.includes(slot)) return false;
      if (kind === "cron" && slot <= job.handledThrough) return false;
      job.fired.push(slot);
      if (job.fired.length > MAX_FIRED_MEMORY) job.fired.shift();
      job.handledThrough = Math.max(job.handledThrough, slot);
      return true;
    });
    if (live.length === 0) return;
    try {
      await claimAndSend(live);
    } catch (err) {
      // The database failed (busy, locked, full disk): the slots are not lost. Each job owes them from the earliest
      // one, so the reconciler fires them again on its next passes for as long as the failure lasts, a slot found late
      // beyond tolerance following the catch-up policy (and recorded as missed, with this failure, when not run). A
      // slot claimed before the failure is found claimed then and not run again.
      const why = isBusyError(err) ? MISSED_BECAUSE.busy : MISSED_BECAUSE.failed(err instanceof Error ? err.message : String(err));
      const failed = new Set<ArmedJob>();
      for (const { job, slot } of live) {
        job.fired = job.fired.filter((s) => s !== slot);
        if (jobs.get(job.schedule.id) !== job) continue;
        job.owedFrom = Math.min(job.owedFrom ?? slot, slot);
        job.failure = why;
        failed.add(job);
      }
      for (const job of failed) expectNext(job, firedThrough(job));
      counters.fireFailures += 1;
      throw err;
    }
    // The owed slots are recorded once the earliest of them is.
    for (const { job, slot } of live) {
      if (job.owedFrom === slot) {
        job.owedFrom = null;
        job.failure = null;
      }
    }
  }

  async function claimAndSend(live: Fire[]): Promise<void> {
    const agents = await agentStates(db, [...new Set(live.map((e) => e.job.schedule.agentId))]);
    const firing = live.filter((e) => agents.has(e.job.schedule.agentId));
    const overlapChecked = firing.filter(
      (e) => e.kind !== "missed" && e.job.schedule.overlapPolicy === "skip" && agents.get(e.job.schedule.agentId)!.status === "running",
    );
    const active = await activeExecutions(db, overlapChecked.map((e) => e.job.schedule.id));
    const claims = firing.map(({ job, slot, missed }): SlotClaim => {
      const s = job.schedule;
      const agent = agents.get(s.agentId)!;
      const busy = active.get(s.id);
      let skippedBecause: string | null = null;
      if (missed !== undefined) skippedBecause = missed;
      else if (agent.status !== "running") skippedBecause = `skipped: agent "${agent.name}" is stopped`;
      else if (busy) skippedBecause = `skipped: the previous run (${busy.id}) was still ${busy.status}`;
      return { schedule: s, slot: new Date(slot), skippedBecause, agentModel: agent.model };
    });
    const rows = await claimSlots(db, claims);
    const ranAt = now();
    // The claimed rows go to the web before the schedules' marks are written: the marks only move lastSlotAt and
    // lastRunAt forward, and a slot whose mark is lost is still claimed (a later claim of it finds the row).
    rows.forEach((row, i) => {
      if (!row) {
        counters.alreadyClaimed += 1;
        return;
      }
      if (claims[i].skippedBecause) {
        if (firing[i].kind === "missed") counters.missed += 1;
        else counters.skips += 1;
        announce(row, claims[i].schedule.agentId);
        return;
      }
      counters.claims += 1;
      if (firing[i].kind === "reconcile") counters.reconcileFires += 1;
      waiting.add(row.id);
      send(row);
    });
    // lastSlotAt (where catch-up starts after a restart) does not pass a slot still owed from an earlier failure.
    const coversOwed = new Set(firing.filter((e) => e.slot === e.job.owedFrom).map((e) => e.job));
    const markOf = (e: Fire) => (e.job.owedFrom !== null && e.job.owedFrom < e.slot && !coversOwed.has(e.job) ? new Date(e.job.owedFrom - 1) : new Date(e.slot));
    await markSlotsHandled(
      db,
      claims.map((c, i) => ({ scheduleId: c.schedule.id, slot: markOf(firing[i]), ranAt: rows[i] && !c.skippedBecause ? ranAt : null })),
    );
  }

  /** Tells browsers about a row that finished without running (a skipped slot). */
  function announce(row: ClaimedExecution, agentId: string): void {
    opts.emit?.({
      name: "execution_finished",
      rooms: [rooms.agent(row.agent.name)],
      payload: {
        v: EVENT_VERSION,
        at: now().toISOString(),
        executionId: row.id,
        agentId,
        agentName: row.agent.name,
        status: row.status,
        trigger: row.attempt > 1 ? "retry" : "schedule",
        scheduleId: row.scheduleId,
      },
    });
  }

  function send(row: ClaimedExecution): void {
    if (sending.has(row.id) || stopping) return;
    sending.add(row.id);
    void track(
      post(row)
        .then(async (outcome) => {
          if (outcome.kind === "sent") {
            counters.posts += 1;
            acknowledged.add(row.id);
            if (row.scheduledFor && row.attempt === 1) samples.dispatch.add(now().getTime() - row.scheduledFor.getTime());
            return;
          }
          counters.postFailures += 1;
          if (outcome.kind === "refused") {
            log.error(`the web refused execution ${row.id} of schedule ${row.scheduleId}: ${outcome.error}`);
            if (await failUnsendable(db, row.id, `could not be started: ${outcome.error}`)) waiting.delete(row.id);
          } else {
            log.warn(`could not hand execution ${row.id} to the web (${outcome.error}); the sweep sends it later`);
          }
        })
        .catch((err) => log.error(`sending execution ${row.id}`, err))
        .finally(() => sending.delete(row.id)),
    );
  }

  // ---------------------------------------------------------------- reconciler

  /** Fires slots whose time has passed (by more than the grace) that node-cron did not fire. */
  function reconcile(): number {
    armDueTasks();
    return fireDue(now().getTime() - (useTimers ? t.graceMs : 0), "reconcile");
  }

  /**
   * Fires the slots due at or before `horizon` that were not fired yet (or were refused by the database); those late
   * beyond tolerance follow the catch-up policy.
   */
  function fireDue(horizon: number, kind: FireKind): number {
    const at = now().getTime();
    let fired = 0;
    for (let entry = due.popDue(horizon); entry; entry = due.popDue(horizon)) {
      const job = jobs.get(entry.key);
      if (!job || job.expected !== entry.at) continue; // re-armed or disarmed since
      // Late beyond tolerance (the clock jumped, the process was suspended, the database refused them until now):
      // the same rule as after downtime, for every such slot however many.
      let from = firedThrough(job);
      const old = job.clock.latestAtOrBefore(new Date(Math.min(horizon, at - t.lateToleranceMs - 1)));
      if (old && old.getTime() > from) {
        catchUp(job, old, new Date(at), job.failure ?? MISSED_BECAUSE.late);
        from = old.getTime();
      }
      const late = job.clock.between(new Date(from), new Date(horizon), MISSED_SLOT_LIMIT);
      for (const slot of late) {
        fire(job, slot.getTime(), kind);
        fired += 1;
      }
      const last = late.length > 0 ? late[late.length - 1].getTime() : 0;
      expectNext(job, Math.max(job.handledThrough, last, entry.at));
    }
    return fired;
  }

  // ---------------------------------------------------------------- changes

  /** Re-reads one schedule and arms, re-arms or disarms its job. Calls for one schedule run in order. */
  function reload(id: string, eventAt?: number): Promise<void> {
    const previous = reloads.get(id) ?? Promise.resolve();
    const next = previous
      .then(async () => {
        if (stopping) return;
        const row = await loadSchedule(db, id);
        const old = jobs.get(id);
        if (!row || !row.enabled) {
          if (disarm(id)) log.info(`schedule ${old?.schedule.name ?? id} disarmed`);
        } else if (!old || old.schedule.version !== row.version || old.cron !== row.cron || old.schedule.timezone !== row.timezone) {
          // A slot handled under the old job stays handled; a new or re-enabled schedule starts from now.
          const from = Math.max(old?.handledThrough ?? 0, row.lastSlotAt?.getTime() ?? 0, floorToSecond(now()).getTime());
          disarm(id);
          const job = armJob(row, from);
          log.info(`schedule ${row.name} armed: ${job.cron} (${describeCron(job.cron)}, ${row.timezone})`);
        }
        counters.changesApplied += 1;
        if (eventAt !== undefined) samples.changeApply.add(now().getTime() - eventAt);
      })
      .catch((err) => log.error(`reloading schedule ${id}`, err));
    reloads.set(id, next);
    void next.then(() => {
      if (reloads.get(id) === next) reloads.delete(id);
    });
    return track(next);
  }

  /** Compares armed jobs with the database: a schedule_changed event that got lost cannot leave a stale job. */
  async function resync(): Promise<number> {
    counters.resyncs += 1;
    const versions = await enabledScheduleVersions(db);
    const stale: string[] = [];
    for (const [id, job] of jobs) if (versions.get(id) !== job.schedule.version) stale.push(id);
    for (const id of versions.keys()) if (!jobs.has(id)) stale.push(id);
    await Promise.all(stale.map((id) => reload(id)));
    return stale.length;
  }

  // ---------------------------------------------------------------- completion and retries

  function onFinishedEvent(executionId: string): void {
    if (!waiting.has(executionId)) return;
    void track(
      findFinished(db, executionId)
        .then((row) => {
          if (row) finished(row, "event");
        })
        .catch((err) => log.error(`reading finished execution ${executionId}`, err)),
    );
  }

  /** The fallback: finished runs whose event never arrived. */
  async function poll(): Promise<number> {
    const ids = [...waiting];
    let n = 0;
    for (let i = 0; i < ids.length; i += 500) {
      for (const row of await finishedAmong(db, ids.slice(i, i + 500))) {
        finished(row, "poll");
        n += 1;
      }
    }
    return n;
  }

  function finished(row: FinishedSlotExecution, via: "event" | "poll"): void {
    if (!waiting.delete(row.id)) return;
    acknowledged.delete(row.id);
    counters.completions += 1;
    const noticeMs = row.finishedAt ? now().getTime() - row.finishedAt.getTime() : null;
    if (noticeMs !== null) samples.completionNotice.add(noticeMs);
    const notice = `its end noticed via ${via}${noticeMs === null ? "" : `, ${noticeMs} ms after it finished`}`;
    void track(planRetry(row, notice).catch((err) => log.error(`planning a retry of ${row.id}`, err)));
  }

  /** A failed or timed-out slot run with retries left gets its next attempt after the backoff. */
  async function planRetry(row: FinishedSlotExecution, notice?: string): Promise<void> {
    if (!RETRYABLE_STATUSES.includes(row.status) || !row.scheduleId || !row.scheduledFor || !row.finishedAt) return;
    const schedule = jobs.get(row.scheduleId)?.schedule ?? (await loadSchedule(db, row.scheduleId));
    if (!schedule || !schedule.enabled || row.attempt > schedule.retryCount) return;
    const key = `${row.scheduleId}:${row.scheduledFor.toISOString()}:${row.attempt + 1}`;
    if (pendingRetries.has(key)) return;
    const delay = retryDelayMs(schedule.retryBackoffSeconds, row.attempt);
    pendingRetries.set(key, { due: row.finishedAt.getTime() + delay, failed: row });
    log.info(
      `execution ${row.id} of schedule ${schedule.name} ${row.status} (attempt ${row.attempt}); ` +
        `attempt ${row.attempt + 1} of ${schedule.retryCount + 1} in ${delay / 1000} s${notice ? ` (${notice})` : ""}`,
    );
    if (useTimers) runDueRetries();
  }

  let retryTimer: NodeJS.Timeout | undefined;

  /** Starts the retries that are due and (with timers) sleeps until the next one. */
  function runDueRetries(): number {
    const at = now().getTime();
    let started = 0;
    let nextDue = Infinity;
    for (const [key, retry] of pendingRetries) {
      if (retry.due > at) {
        nextDue = Math.min(nextDue, retry.due);
        continue;
      }
      pendingRetries.delete(key);
      started += 1;
      void track(
        startRetry(retry.failed).catch((err) => {
          // The database refused (or failed): the retry is still owed, so it is tried again shortly rather than lost.
          if (stopping) return;
          const again = `tried again in ${RETRY_AGAIN_MS / 1000} s`;
          if (isBusyError(err)) log.warn(`the database is busy; the retry of ${retry.failed.id} is ${again}`);
          else log.error(`retrying ${retry.failed.id} (${again})`, err);
          if (!pendingRetries.has(key)) pendingRetries.set(key, { due: now().getTime() + RETRY_AGAIN_MS, failed: retry.failed });
          if (useTimers) runDueRetries();
        }),
      );
    }
    if (useTimers && !stopping) {
      clearTimeout(retryTimer);
      if (nextDue !== Infinity) retryTimer = setTimeout(runDueRetries, Math.min(nextDue - at, 2 ** 31 - 1));
    }
    return started;
  }

  async function startRetry(failed: FinishedSlotExecution): Promise<void> {
    if (stopping) return;
    const schedule = await loadSchedule(db, failed.scheduleId!);
    if (!schedule || !schedule.enabled) return;
    const agent = await agentState(db, schedule.agentId);
    if (!agent) return;
    const row = await claimSlot(db, {
      schedule,
      slot: failed.scheduledFor!,
      attempt: failed.attempt + 1,
      retryOfId: failed.retryOfId ?? failed.id,
      skippedBecause: agent.status === "running" ? null : `skipped: agent "${agent.name}" is stopped`,
      agentModel: agent.model,
    });
    if (!row) return;
    if (row.status === "skipped") {
      counters.skips += 1;
      announce(row, schedule.agentId);
      return;
    }
    counters.retries += 1;
    counters.claims += 1;
    await markSlotHandled(db, schedule.id, failed.scheduledFor!, now());
    waiting.add(row.id);
    send(row);
  }

  // ---------------------------------------------------------------- unsent sweep

  /** Re-posts queued slot rows that never started and that the web has not acknowledged to this process. */
  async function sweep(): Promise<number> {
    const rows = await unsentExecutions(db, new Date(now().getTime() - t.unsentAfterMs), 200);
    let n = 0;
    for (const row of rows) {
      if (acknowledged.has(row.id) || sending.has(row.id)) continue;
      waiting.add(row.id);
      counters.resent += 1;
      send(row);
      n += 1;
    }
    return n;
  }

  // ---------------------------------------------------------------- lifecycle

  function every(ms: number, what: string, fn: () => unknown): void {
    let busy = false;
    const timer = setInterval(() => {
      if (busy || stopping) return;
      busy = true;
      void track(
        Promise.resolve()
          .then(fn)
          .catch((err) => log.error(`scheduler ${what} failed`, err))
          .finally(() => {
            busy = false;
          }),
      );
    }, ms);
    intervals.push(timer);
  }

  async function start(): Promise<void> {
    if (running) return;
    running = true;
    stopping = false;
    const rows = await loadEnabledSchedules(db);
    const { ms } = await armSchedules(rows, { catchUp: true });
    for (const { id } of await unfinishedSlotExecutions(db)) waiting.add(id);
    const owed = await failedWithoutRetry(db, new Date(now().getTime() - t.retryLookbackMs));
    await Promise.all(owed.map((row) => planRetry(row)));
    log.info(
      `scheduler armed ${rows.length} schedule${rows.length === 1 ? "" : "s"} in ${ms.toFixed(0)} ms` +
        ` (catch-up runs ${counters.catchUpRuns}, waiting on ${waiting.size}, retries owed ${pendingRetries.size})`,
    );
    if (!useTimers) return;
    every(t.reconcileMs, "reconcile", reconcile);
    every(t.sweepMs, "sweep", sweep);
    every(t.pollMs, "poll", poll);
    every(t.resyncMs, "resync", resync);
    runDueRetries();
  }

  async function stop(): Promise<void> {
    if (!running) return;
    stopping = true;
    running = false;
    for (const timer of intervals.splice(0)) clearInterval(timer);
    clearTimeout(retryTimer);
    for (const id of [...jobs.keys()]) disarm(id);
    due.clear();
    toArm.clear();
    for (const wake of [...sleepers]) wake();
    const deadline = new Promise<"late">((resolve) => setTimeout(() => resolve("late"), t.stopDeadlineMs).unref());
    const settled = Promise.allSettled([...inFlight]).then(() => "done" as const);
    if ((await Promise.race([settled, deadline])) === "late") {
      log.warn(`scheduler stopped with ${inFlight.size} claims or posts still in flight`);
    }
    waiting.clear();
    acknowledged.clear();
    pendingRetries.clear();
  }

  /** Events the web published (hub.onPublished): schedule changes re-arm, finished runs complete. */
  function onEvent(event: PublishedEvent): void {
    if (!running || stopping) return;
    const payload = event.payload as Record<string, unknown>;
    if (event.name === "schedule_changed" && typeof payload.scheduleId === "string") {
      void reload(payload.scheduleId, typeof payload.at === "string" ? Date.parse(payload.at) : undefined);
    } else if (event.name === "execution_finished" && typeof payload.executionId === "string") {
      onFinishedEvent(payload.executionId);
    }
  }

  function stats(): SchedulerStats {
    return {
      armed: jobs.size,
      ...counters,
      waiting: waiting.size,
      pendingRetries: pendingRetries.size,
      fireLatenessMs: percentiles(samples.fireLateness),
      dispatchMs: percentiles(samples.dispatch),
      completionNoticeMs: percentiles(samples.completionNotice),
      changeApplyMs: percentiles(samples.changeApply),
    };
  }

  return {
    start,
    stop,
    onEvent,
    stats,
    /** raw latency samples (ms) behind stats(), for the benchmark */
    samples: () => ({
      fireLateness: samples.fireLateness.all(),
      dispatch: samples.dispatch.all(),
      completionNotice: samples.completionNotice.all(),
      changeApply: samples.changeApply.all(),
    }),
    /** arms the given rows (replacing their jobs) and says how long it took; for the benchmark */
    armSchedules,
    /** the armed job of a schedule: its cron, plain-English reading, next expected slot and whether node-cron runs it yet */
    armed(id: string) {
      const job = jobs.get(id);
      return job
        ? { cron: job.cron, description: describeCron(job.cron), timezone: job.schedule.timezone, version: job.schedule.version, nextSlot: job.expected === null ? null : new Date(job.expected), cronJob: job.task !== null }
        : null;
    },
    reload,
    reconcile,
    sweep,
    poll,
    resync,
    runDueRetries,
    /** resolves when every claim, post and reload started so far has settled */
    async idle(): Promise<void> {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}

export type Scheduler = ReturnType<typeof createScheduler>;
