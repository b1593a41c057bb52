// The notifier part: turns outbox events into deliveries (lib/notifications/fanout.ts) and sends the deliveries
// that are due (lib/notifications/deliveries.ts). It wakes on the events it cares about and on its own finished
// sends, and polls once a second for retries whose time has come and for what other workers' fan-outs made.
// Several notifiers (one per worker) share the work through the database: claims with leases, never twice at once.
import { claimDue, pruneDeliveries, type RetryPolicy, recordAttempt, send } from "@/lib/notifications/deliveries";
import { SOURCE_EVENT_NAMES } from "@/lib/notifications/events";
import { ensureCursor, fanOut, newFanOutState } from "@/lib/notifications/fanout";
import { closeTransports } from "@/lib/notifications/send";
import type { PublishedEvent } from "@/lib/realtime/events";
import type { WorkerLog } from "@/worker/log";

export interface NotifierOptions {
  /** this worker's id: the owner of the leases it takes */
  owner: string;
  log: WorkerLog;
  policy: RetryPolicy;
  /** sends in flight at once */
  concurrency?: number;
  /** how long a claimed delivery is this notifier's before another may try it (ms) */
  leaseMs?: number;
  pollMs?: number;
}

export interface NotifierStats {
  fannedOut: number;
  sent: number;
  failedAttempts: number;
  inFlight: number;
}

/** Delivered and failed deliveries are kept this long for the log. */
const KEEP_DONE_MS = 30 * 86_400_000;
const PRUNE_EVERY_MS = 10 * 60_000;

const SOURCES = new Set<string>(SOURCE_EVENT_NAMES);

export function createNotifier(opts: NotifierOptions) {
  const { owner, log, policy } = opts;
  const concurrency = opts.concurrency ?? 64;
  const leaseMs = opts.leaseMs ?? 60_000;
  const pollMs = opts.pollMs ?? 1_000;
  const state = newFanOutState();
  const stats: NotifierStats = { fannedOut: 0, sent: 0, failedAttempts: 0, inFlight: 0 };
  const inFlight = new Set<Promise<void>>();
  let running = false;
  let timer: NodeJS.Timeout | undefined;
  let pruneTimer: NodeJS.Timeout | undefined;
  let pass: Promise<void> | null = null;
  let again = false;
  /** new events (or the poll) ask for a fan-out; a finished send only for more claims */
  let fanOutWanted = true;

  async function sendOne(d: Awaited<ReturnType<typeof claimDue>>[number]): Promise<void> {
    const answer = await send(d);
    if (answer.ok) stats.sent++;
    else stats.failedAttempts++;
    await recordAttempt(d, answer, owner, policy);
  }

  async function fill(): Promise<number> {
    const free = concurrency - inFlight.size;
    if (free <= 0 || !running) return 0;
    const claimed = await claimDue(owner, free, leaseMs);
    for (const d of claimed) {
      const p: Promise<void> = sendOne(d)
        .catch((err) => log.error(`delivery ${d.id} failed to record`, err))
        .finally(() => {
          inFlight.delete(p);
          stats.inFlight = inFlight.size;
          // A finished send frees a place and may unblock the next delivery of its order key.
          wake();
        });
      inFlight.add(p);
    }
    stats.inFlight = inFlight.size;
    return claimed.length;
  }

  async function runPass(): Promise<void> {
    while (fanOutWanted) {
      fanOutWanted = false;
      const made = await fanOut(state);
      stats.fannedOut += made.deliveries;
      if (made.more) fanOutWanted = true;
    }
    while ((await fill()) > 0) {}
  }

  function wake(fanOutToo = false): void {
    if (!running) return;
    if (fanOutToo) fanOutWanted = true;
    if (pass) {
      again = true;
      return;
    }
    pass = runPass()
      .catch((err) => log.warn(`notifier pass failed: ${String(err)}; trying again`))
      .finally(() => {
        pass = null;
        if (again) {
          again = false;
          wake();
        }
      });
  }

  const schedule = () => {
    if (!running) return;
    timer = setTimeout(() => {
      wake(true);
      schedule();
    }, pollMs);
    timer.unref();
  };

  return {
    /** what the Runners page shows for this part */
    stats: (): NotifierStats => ({ ...stats }),
    onEvent(event: PublishedEvent): void {
      if (SOURCES.has(event.name)) wake(true);
    },
    async start(): Promise<void> {
      await ensureCursor();
      running = true;
      schedule();
      pruneTimer = setInterval(
        () => void pruneDeliveries(KEEP_DONE_MS).catch((err) => log.warn(`pruning deliveries failed: ${String(err)}`)),
        PRUNE_EVERY_MS,
      );
      pruneTimer.unref();
      wake(true);
    },
    /** Stops claiming; sends in flight finish and are recorded. */
    async stop(): Promise<void> {
      running = false;
      clearTimeout(timer);
      clearInterval(pruneTimer);
      await pass;
      await Promise.allSettled([...inFlight]);
      closeTransports();
    },
    /** Runs a pass now and waits for it (tests). */
    async poll(): Promise<void> {
      wake(true);
      await pass;
    },
  };
}
