// The runner part: claims queued executions from the database and runs the agents' programs on this machine. Several
// runners (on one machine or many) share the queue through the database alone:
// - a claim is one statement per batch (lib/db/dialect) that honours each agent's concurrency limit across every
//   runner, its pin to a runner name, `notBefore`, and one chat turn at a time per conversation, oldest first;
// - it wakes on execution_queued and execution_finished events (a finished run frees a place) and polls every second
//   in case an event was missed;
// - each run it holds has a lease it renews (one UPDATE per tick for all of them); a run whose lease ran out, on any
//   runner, is marked interrupted by whichever runner sees it first, and is not run again;
// - a cancel is a column on the row and a worker event: the runner holding the run kills its process group and
//   records it cancelled; the renewal reads the column too, so a missed event only delays the cancel.
// Stopping (SIGTERM): no new claims, runs in flight get a few seconds to finish, and those still going are recorded
// interrupted by the runner itself and their programs killed — rather than left running unrecorded until their
// lease ran out, holding the agent's places and the schedule's retry decision for that long.
import {
  type ClaimedRun,
  claimQueued,
  interruptExpired,
  interruptOwnRuns,
  type RunnerRef,
  renewLeases,
} from "@/lib/executions/claims";
import type { PublishedEvent } from "@/lib/realtime/events";
import { createSpawner } from "@/lib/runtimes/spawner";
import type { WorkerLog } from "@/worker/log";
import { runExecution, type StopReason } from "./run";

export interface RunnerTimings {
  /** how long a claim holds without renewal */
  leaseMs: number;
  /** how often leases are renewed (default a third of the lease) */
  renewMs?: number;
  /** how often the queue and expired leases are read when no event came (default 1 s) */
  pollMs?: number;
  /** how long stop() lets runs in flight finish before it interrupts them (default 5 s) */
  drainMs?: number;
}

export interface RunnerOptions {
  identity: RunnerRef;
  log: WorkerLog;
  /** runs going at once on this runner, all agents together */
  maxRuns: number;
  timings: RunnerTimings;
  /** called after a run's output was stored with its events: this worker's feed reads them at once */
  onOutputStored?: () => void;
}

interface InFlight {
  control: AbortController;
  done: Promise<void>;
  /** the program has ended and its result is being written (the row may leave `running` any moment) */
  recording: boolean;
}

/** The pause before claiming again after a claim pass that took nothing. */
const IDLE_PASS_GAP_MS = 20;

/** After a stop interrupted its runs, how long it waits for their programs to be gone (SIGTERM, then SIGKILL at 2 s). */
const KILL_WAIT_MS = 3_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

export function createRunner(opts: RunnerOptions) {
  const { identity, log, maxRuns } = opts;
  const leaseMs = opts.timings.leaseMs;
  const renewMs = opts.timings.renewMs ?? Math.max(100, Math.floor(leaseMs / 3));
  const pollMs = opts.timings.pollMs ?? 1_000;
  const drainMs = opts.timings.drainMs ?? 5_000;
  const inFlight = new Map<string, InFlight>();
  // Programs start in a small process of the runner's own, so no start stands the worker's loop still.
  const spawner = createSpawner({ onExit: (how) => log.warn(`${how}; the next run starts a new one`) });
  const counters = {
    claimed: 0,
    finished: 0,
    notRecorded: 0,
    interruptedExpired: 0,
    interruptedAtStop: 0,
    cancelled: 0,
  };
  let claiming: Promise<void> | null = null;
  let claimAgain = false;
  let sweeping: Promise<void> | null = null;
  let renewing: Promise<void> | null = null;
  let pollTimer: NodeJS.Timeout | undefined;
  let renewTimer: NodeJS.Timeout | undefined;
  let accepting = false;
  /** what is failing now (claiming, renewing leases, interrupting expired runs): each said once until it works again */
  const failing = new Set<string>();

  function warnOnce(what: string, err: unknown): void {
    // A busy or unreachable database is tried again at the next tick; said once until it works again.
    if (!failing.has(what))
      log.warn(`${what} failed: ${err instanceof Error ? err.message : String(err)}; trying again`);
    failing.add(what);
  }

  function stopRun(id: string, reason: StopReason): void {
    const run = inFlight.get(id);
    if (!run || run.control.signal.aborted) return;
    if (reason === "cancel") counters.cancelled += 1;
    if (reason === "lost")
      log.warn(`run ${id} is no longer this runner's (its lease ran out); stopping it`, { executionId: id });
    run.control.abort(reason);
  }

  function start(row: ClaimedRun): void {
    const { id } = row;
    const control = new AbortController();
    const onRecording = () => {
      const run = inFlight.get(id);
      if (run) run.recording = true;
    };
    const done = runExecution(row, {
      runnerId: identity.id,
      control,
      log,
      spawn: spawner.run,
      onRecording,
      onOutputStored: opts.onOutputStored,
    })
      .then((recorded) => {
        if (recorded) counters.finished += 1;
        else counters.notRecorded += 1;
      })
      .catch((err: unknown) => log.error(`recording run ${id} failed`, err, { executionId: id }))
      .finally(() => {
        inFlight.delete(id);
        wake();
      });
    inFlight.set(id, { control, done, recording: false });
  }

  /** Claims while there are places and work; answers how many runs it claimed. */
  async function claimWhileFree(): Promise<number> {
    let claimed = 0;
    for (;;) {
      const free = maxRuns - inFlight.size;
      if (!accepting || free <= 0) return claimed;
      const rows = await claimQueued(identity, { limit: free, leaseMs });
      failing.delete("claiming executions");
      // Stopped while claiming: the rows are this runner's now, so they still run (and are interrupted by the stop).
      for (const row of rows) start(row);
      counters.claimed += rows.length;
      claimed += rows.length;
      if (rows.length < free) return claimed;
    }
  }

  /**
   * One claim pass at a time; a wake-up during one makes it claim again after. After a pass that found nothing to
   * take, the next waits a moment and serves every wake-up that came meanwhile: with work queued behind full agents,
   * each event (every run queued, started or finished, on any worker) would otherwise cost every runner a claim.
   */
  function wake(): void {
    if (!accepting) return;
    if (claiming) {
      claimAgain = true;
      return;
    }
    claiming = (async () => {
      do {
        claimAgain = false;
        let claimed = 0;
        try {
          claimed = await claimWhileFree();
        } catch (err) {
          warnOnce("claiming executions", err);
        }
        if (claimAgain && claimed === 0 && accepting) await sleep(IDLE_PASS_GAP_MS);
      } while (claimAgain && accepting);
    })().finally(() => (claiming = null));
  }

  function sweep(): void {
    sweeping ??= interruptExpired()
      .then((rows) => {
        counters.interruptedExpired += rows.length;
        for (const row of rows)
          log.warn(`execution ${row.id} of ${row.agent.name} interrupted: its lease ran out`, {
            executionId: row.id,
            runnerId: row.runnerId,
          });
        // Places those runs held are free again.
        if (rows.length > 0) wake();
      })
      .then(() => void failing.delete("interrupting expired runs"))
      .catch((err: unknown) => warnOnce("interrupting expired runs", err))
      .finally(() => (sweeping = null));
  }

  function renew(): void {
    if (inFlight.size === 0 || renewing) return;
    const ids = [...inFlight.keys()];
    renewing = renewLeases(identity.id, ids, leaseMs)
      .then((held) => {
        for (const id of ids) {
          // A run whose result is being written leaves `running` by itself: not a lost claim.
          if (inFlight.get(id)?.recording) continue;
          if (!held.has(id)) stopRun(id, "lost");
          else if (held.get(id)) stopRun(id, "cancel");
        }
      })
      .then(() => failing.delete("renewing leases") || true)
      .catch((err: unknown) => {
        warnOnce("renewing leases", err);
        return false;
      })
      .then((renewed) => {
        renewing = null;
        // A renewal the database refused (locked, unreachable) is tried again within a second, not a third of a lease later.
        if (!renewed && inFlight.size > 0) setTimeout(renew, Math.min(1_000, renewMs)).unref();
      });
  }

  async function drain(): Promise<void> {
    const all = () => Promise.all([...inFlight.values()].map((r) => r.done));
    await Promise.race([all(), sleep(drainMs)]);
    if (inFlight.size === 0) return;
    const ids = [...inFlight.keys()];
    try {
      const rows = await interruptOwnRuns(identity.id, ids);
      counters.interruptedAtStop += rows.length;
      log.warn(`stopping with ${ids.length} run(s) going: recorded interrupted`, { executionIds: ids });
    } catch (err) {
      log.error("could not record the runs in flight as interrupted; their leases will run out", err, {
        executionIds: ids,
      });
    }
    for (const id of ids) stopRun(id, "shutdown");
    await Promise.race([all(), sleep(KILL_WAIT_MS)]);
  }

  return {
    name: "runner",
    identity,
    /** every event appended to the outbox, from the worker's feed */
    onEvent(event: PublishedEvent): void {
      const id = event.payload.executionId;
      if (event.name === "execution_queued" || event.name === "execution_finished") wake();
      else if (event.name === "execution_cancel_requested" && typeof id === "string") stopRun(id, "cancel");
    },
    async start(): Promise<void> {
      accepting = true;
      pollTimer = setInterval(() => {
        wake();
        sweep();
      }, pollMs);
      pollTimer.unref();
      renewTimer = setInterval(renew, renewMs);
      renewTimer.unref();
      sweep();
      wake();
      log.info(`runner ${identity.name} (${identity.id}) claiming: at most ${maxRuns} runs, lease ${leaseMs} ms`);
    },
    async stop(): Promise<void> {
      accepting = false;
      clearInterval(pollTimer);
      await claiming;
      await sweeping;
      // Leases are still renewed while runs finish.
      await drain();
      clearInterval(renewTimer);
      await renewing;
      await spawner.close();
    },
    /** figures for the registry's heartbeat */
    stats() {
      return { running: inFlight.size, maxRuns, leaseMs, ...counters };
    },
    /** the ids of the runs going here (tests) */
    running(): string[] {
      return [...inFlight.keys()];
    },
  };
}
