// Firing: at each tick, the schedules whose next slot is due are taken from arming's queue, their slots planned
// (lib/schedules/slots.ts planSlots: late ones run as themselves, older ones follow the catch-up policy) and claimed
// in batches — one transaction inserts a batch's rows with their events and marks — and the queued rows are handed
// to the web. Each pass starts at a random place and first passes over schedules another worker is claiming, then
// comes back to them, so the workers of a cluster share a burst instead of each claiming all of it in turn. A batch
// is a couple of hundred slots with a turn of the event loop after each, so a thousand schedules due in the same
// second never hold the loop for long. One pass runs at a time; a tick during a pass asks for
// another after it. A batch the database refuses is not lost: its schedules owe those slots and fire them again.
import type { SqlDatabase } from "@/lib/db";
import { isBusyError } from "@/lib/db/errors";
import { claimFires, type FireOutcome, type SlotFire, StalePlanError } from "@/lib/schedules/firing";
import { MISSED_BECAUSE, planSlots, type SlotPlan } from "@/lib/schedules/slots";
import type { WorkerLog } from "@/worker/log";
import type { Arming, DueSchedule } from "./arming";
import type { Handoff } from "./handoff";
import { SampleWindow } from "./window";

export interface FiringOptions {
  /** plain SQL on the worker's connection: the claims (lib/schedules/firing.ts claimFires) */
  sql: SqlDatabase;
  log: WorkerLog;
  now: () => Date;
  arming: Arming;
  handoff: Handoff;
  /** a slot at most this late runs as itself; older ones follow the catch-up policy */
  lateToleranceMs: number;
  /** slots per claim transaction (a schedule's slots are never split) */
  batchSlots?: number;
  /** when a statement of this process last met another connection's lock (SQLite), to say why slots came late */
  lastBusyAt?: () => number | null;
}

const BATCH_SLOTS = 200;

interface Planned extends SlotPlan {
  due: DueSchedule;
}

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export function createFiring(opts: FiringOptions) {
  const { sql, log, now, arming, handoff } = opts;
  const batchSlots = opts.batchSlots ?? BATCH_SLOTS;
  const lateness = new SampleWindow();
  const counts = {
    claimsWon: 0,
    claimsLost: 0,
    claimFailures: 0,
    skips: 0,
    misses: 0,
    catchUpRuns: 0,
    stale: 0,
    deferred: 0,
  };
  let lastFireAt: number | null = null;
  let pass: Promise<void> | null = null;
  let again = false;
  let stopping = false;

  function plan(due: DueSchedule, at: number): Planned {
    const { armed } = due;
    // On SQLite a statement that meets another connection's lock stops the whole process while it waits: slots found
    // late after such a wait were late because of the lock, even when no claim of this part was the one refused.
    const busyAt = opts.lastBusyAt?.() ?? null;
    const stalled = armed.failure === null && busyAt !== null && busyAt > armed.handledThrough;
    const plan = planSlots(
      armed.clock,
      stalled ? { ...armed, failure: MISSED_BECAUSE.busy } : armed,
      at,
      opts.lateToleranceMs,
      due.slot,
    );
    return { due, ...plan };
  }

  /**
   * Until when a batch's plan holds: a slot planned to run as itself is late beyond the tolerance after its slot plus
   * the tolerance, and the catch-up run after its slot plus the window. Slots recorded as missed hold for ever.
   */
  function planHoldsUntil(batch: Planned[]): number {
    let until = Number.POSITIVE_INFINITY;
    for (const p of batch)
      for (const s of p.slots) {
        if (s.missed !== undefined) continue;
        const grace = s.catchUp ? p.due.armed.catchUpWindowSeconds * 1000 : opts.lateToleranceMs;
        until = Math.min(until, s.slot + grace);
      }
    return until;
  }

  /**
   * Claims one batch and settles its schedules back into arming's queue. The first try passes over schedules another
   * worker is claiming right now and answers them (they are not settled) for a second try that waits.
   */
  async function claimBatch(batch: Planned[], wait = false): Promise<Planned[]> {
    const fires: SlotFire[] = [];
    const owner: Planned[] = [];
    for (const p of batch) {
      const { cron, timezone, id } = p.due.armed.schedule;
      for (const s of p.slots) {
        fires.push({
          scheduleId: id,
          slot: new Date(s.slot),
          cron,
          timezone,
          ...(s.missed === undefined ? {} : { missed: s.missed }),
        });
        owner.push(p);
      }
    }
    if (fires.length === 0) {
      for (const p of batch) arming.settle(p.due.armed, { through: p.through });
      return [];
    }
    let outcomes: FireOutcome[];
    try {
      // A claim that waits long (a lock held elsewhere, the pool taken by statements waiting on it) could commit a slot
      // as on time when it is late beyond the tolerance by then: it is rolled back and its slots planned again.
      const until = planHoldsUntil(batch);
      const claimed = await claimFires(sql, fires, now(), {
        skipLocked: !wait,
        planExpired: () => now().getTime() > until,
      });
      outcomes = claimed.outcomes;
      handoff.send(claimed.queued);
    } catch (err) {
      // The database failed (busy, locked, full disk): nothing of the batch was written. Each schedule owes its slots
      // from the earliest, so the next ticks fire them again for as long as the failure lasts; one found late beyond
      // the tolerance by then follows the catch-up policy (and is recorded as missed, with this failure, if not run).
      const busy = isBusyError(err) || err instanceof StalePlanError;
      const why = busy ? MISSED_BECAUSE.busy : MISSED_BECAUSE.failed(err instanceof Error ? err.message : String(err));
      counts.claimFailures += 1;
      const what = `${fires.length} slot${fires.length === 1 ? "" : "s"} (${describeBatch(batch)})`;
      // A lock held elsewhere is expected to pass: one line, not a stack a second for as long as it lasts.
      if (err instanceof StalePlanError)
        log.warn(`claiming ${what} waited past their time; they will be planned again`);
      else if (busy) log.warn(`the database is busy; ${what} will be fired again`);
      else log.error(`firing ${what} failed; they will be fired again`, err);
      for (const p of batch) {
        const first = p.slots[0]?.slot;
        arming.settle(
          p.due.armed,
          first === undefined
            ? { through: p.through }
            : { through: p.due.armed.handledThrough, refused: { from: first, why } },
        );
      }
      return [];
    }
    outcomes.forEach((outcome, i) => {
      const slot = fires[i];
      if (outcome === "queued") counts.claimsWon += 1;
      else if (outcome === "lost") counts.claimsLost += 1;
      else if (outcome === "skipped") counts.skips += 1;
      else if (outcome === "missed") counts.misses += 1;
      else if (outcome === "deferred") counts.deferred += 1;
      else counts.stale += 1;
      if (outcome === "queued" && owner[i].slots.some((s) => s.catchUp && s.slot === slot.slot.getTime()))
        counts.catchUpRuns += 1;
    });
    const stale = new Set(fires.filter((_, i) => outcomes[i] === "stale").map((f) => f.scheduleId));
    // A schedule's slots share its row's lock: deferred, they all are.
    const deferred = new Set(fires.filter((_, i) => outcomes[i] === "deferred").map((f) => f.scheduleId));
    const later = batch.filter((p) => deferred.has(p.due.armed.schedule.id));
    for (const p of batch)
      if (!deferred.has(p.due.armed.schedule.id)) arming.settle(p.due.armed, { through: p.through, next: p.nextAfter });
    // Changed since it was armed (its event not heard yet): read again now rather than at the event.
    for (const id of stale) void arming.reload(id);
    return later;
  }

  /** Claims planned slots in batches of about batchSlots, a turn of the event loop between them; answers the deferred. */
  async function claimAll(planned: Iterable<Planned>, wait: boolean): Promise<Planned[]> {
    const deferred: Planned[] = [];
    let batch: Planned[] = [];
    let size = 0;
    for (const p of planned) {
      if (stopping) return deferred;
      batch.push(p);
      size += p.slots.length;
      if (size >= batchSlots) {
        deferred.push(...(await claimBatch(batch, wait)));
        batch = [];
        size = 0;
        await yieldToLoop();
      }
    }
    if (batch.length > 0 && !stopping) deferred.push(...(await claimBatch(batch, wait)));
    return deferred;
  }

  /** The plans of the due schedules, made as the batches take them. */
  function* planEach(due: DueSchedule[], at: number): Generator<Planned> {
    for (const d of due) {
      let p: Planned;
      try {
        p = plan(d, at);
      } catch (err) {
        // croner could not compute the slots: this slot is passed over rather than tried every second.
        log.error(`planning the slots of schedule ${d.armed.schedule.name} (${d.armed.schedule.id}) failed`, err);
        arming.settle(d.armed, { through: d.slot });
        continue;
      }
      yield p;
    }
  }

  async function runPass(): Promise<void> {
    const at = now().getTime();
    const due = arming.takeDue(at);
    if (due.length === 0) return;
    for (const d of due) if (!d.armed.down) lateness.add(at, at - d.slot);
    lastFireAt = at;
    // Each pass starts at a random place in what is due: several workers firing the same burst start on different
    // schedules, and pass over the ones another is claiming (deferred), instead of all claiming the same ones in turn.
    const start = Math.floor(Math.random() * due.length);
    const planned = planEach([...due.slice(start), ...due.slice(0, start)], at);
    const deferred = await claimAll(planned, false);
    // Then the deferred ones, waiting for the other transactions this time: most are found claimed by now.
    if (deferred.length > 0 && !stopping) await claimAll(deferred, true);
  }

  return {
    /** Fires what is due now; a call during a pass makes another pass after it. Resolves when the passes are done. */
    tick(): Promise<void> {
      if (stopping) return Promise.resolve();
      if (pass) {
        again = true;
        return pass;
      }
      pass = (async () => {
        try {
          do {
            again = false;
            await runPass();
          } while (again && !stopping);
        } catch (err) {
          log.error("a scheduler pass failed", err);
        } finally {
          pass = null;
        }
      })();
      return pass;
    },

    /** allows passes again after a stop */
    resume(): void {
      stopping = false;
    },

    async stop(): Promise<void> {
      stopping = true;
      await pass;
    },

    /** resolves when the pass in flight (if any) is done */
    async idle(): Promise<void> {
      while (pass) await pass;
    },

    stats() {
      return { lastFireAt, fireLatenessMs: lateness.percentiles(now().getTime()), ...counts };
    },

    /** the fire lateness samples of the last minute (ms), for the benchmark */
    lateness: () => lateness.recent(now().getTime()),
  };
}

function describeBatch(batch: Planned[]): string {
  const first = batch.find((p) => p.slots.length > 0)!;
  const slots = batch.reduce((n, p) => n + p.slots.length, 0);
  const more = slots > 1 ? ` and ${slots - 1} more` : "";
  return `${first.due.armed.schedule.name} for ${new Date(first.slots[0].slot).toISOString()}${more}`;
}

type Firing = ReturnType<typeof createFiring>;
