// Arming: the schedules this worker fires and where each stands — its slot clock (croner, in its time zone), the
// latest slot it handled, slots the database still owes — with one due-queue ordered by each schedule's next slot.
// A schedule_changed event re-arms its schedule at once (every worker hears every event); a slow resync compares
// versions with the database in pages and re-reads only what differs, a page at a time, so neither a lost event nor
// ten thousand changed schedules can leave a stale arming or a burst of memory. Only this part changes an armed
// schedule: the firing part takes due ones and settles them back.
import type { Db } from "@/lib/db";
import { describeCron } from "@/lib/schedules/cron-spec";
import {
  type ArmingSchedule,
  enabledSchedulesPage,
  enabledVersionsPage,
  schedulesForArming,
} from "@/lib/schedules/firing";
import {
  type CatchUpPolicy,
  firedThrough,
  floorToSecond,
  SlotClock,
  type SlotState,
  slotWindow,
} from "@/lib/schedules/slots";
import type { WorkerLog } from "@/worker/log";
import { DueQueue } from "./due-queue";
import { SampleWindow } from "./window";

export interface Armed extends SlotState {
  readonly schedule: ArmingSchedule;
  readonly clock: SlotClock;
  /** the slot it waits for in the queue (ms); null while it is being fired, or when its expression never runs again */
  next: number | null;
}

/** A due schedule taken from the queue, with the slot it was queued for. */
export interface DueSchedule {
  armed: Armed;
  slot: number;
}

export interface Settlement {
  /** the latest slot that has a row now */
  through: number;
  /** the database refused the slots from `from` on (they are fired again), for this reason */
  refused?: { from: number; why: string };
  /** the first slot after `through` (null: none ever), when the caller knows it: saves computing it again */
  next?: number | null;
}

export interface ArmingOptions {
  db: Db;
  log: WorkerLog;
  now: () => Date;
  /** rows read per page at start and in a resync */
  pageSize?: number;
  /**
   * At start, slots since a schedule's lastSlotAt were missed while no scheduler ran — unless the first of them is
   * this recent: then another worker is firing it right now (or the slot just came), and they are fired as usual.
   */
  liveMarkMs?: number;
  /**
   * Whether another worker's scheduler is alive now (its heartbeat fresh): then the slots since lastSlotAt were not
   * missed while no scheduler ran — that one is behind, or firing them right now — and they are fired as usual (each is
   * claimed once, by whichever scheduler gets there first).
   */
  othersFiring?: () => Promise<boolean>;
}

/** Pages of rows between which the event loop gets a turn (parsing an expression costs ~0.1 ms). */
const PAGE = 500;
const LIVE_MARK_MS = 2_000;

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export function createArming(opts: ArmingOptions) {
  const { db, log, now } = opts;
  const pageSize = opts.pageSize ?? PAGE;
  const liveMarkMs = opts.liveMarkMs ?? LIVE_MARK_MS;
  const armed = new Map<string, Armed>();
  const queue = new DueQueue<Armed>();
  /** reloads of one schedule run one after the other */
  const reloads = new Map<string, Promise<void>>();
  const changeApply = new SampleWindow();
  let changesApplied = 0;
  let resyncs = 0;
  let lastArm: { count: number; ms: number } | null = null;

  function enqueue(a: Armed, known?: { after: number; next: number | null }): void {
    const from = firedThrough(a);
    if (known && known.after === from) a.next = known.next;
    else a.next = a.clock.next(new Date(from))?.getTime() ?? null;
    if (a.next !== null) queue.push(a.next, a);
    // Re-arming leaves the replaced entry behind (and with it the old schedule and its clock): dropped once they
    // outnumber the armed schedules, so memory follows what is armed, not how often it changed.
    if (queue.size > 2 * armed.size + 1_000)
      queue.compact((e) => armed.get(e.item.schedule.id) === e.item && e.item.next === e.at);
  }

  function arm(
    schedule: ArmingSchedule,
    state: Pick<SlotState, "handledThrough" | "down"> & Partial<SlotState>,
  ): Armed | null {
    let clock: SlotClock;
    try {
      clock = new SlotClock(schedule.cron, schedule.timezone, slotWindow(schedule));
    } catch (err) {
      // Expressions are checked when saved; one that croner refuses now (an older version's) is left unarmed, loudly.
      log.error(
        `schedule ${schedule.name} (${schedule.id}) cannot be armed: ${schedule.cron} (${schedule.timezone})`,
        err,
      );
      armed.delete(schedule.id);
      return null;
    }
    const a: Armed = {
      schedule,
      clock,
      handledThrough: state.handledThrough,
      owedFrom: state.owedFrom ?? null,
      failure: state.failure ?? null,
      down: state.down,
      catchUpPolicy: schedule.catchUpPolicy as CatchUpPolicy,
      catchUpWindowSeconds: schedule.catchUpWindowSeconds,
      next: null,
    };
    armed.set(schedule.id, a);
    enqueue(a);
    return a;
  }

  /** Arms rows as at start: slots since lastSlotAt were missed while no scheduler ran (see liveMarkMs). */
  function armAtStart(row: ArmingSchedule, at: number, othersLive = false): void {
    const handledThrough = (row.lastSlotAt ?? row.createdAt).getTime();
    const a = arm(row, { handledThrough, down: !othersLive });
    if (a && a.next !== null && at - a.next < liveMarkMs) a.down = false;
  }

  /**
   * Arms (or re-arms) one schedule as read now, or disarms it when it is gone, disabled or paused. A schedule whose
   * expression and zone did not change keeps its marks (what it handled, what the database owes); a new, re-enabled or
   * re-timed one starts from its lastSlotAt, which the change set to the time of the change.
   */
  function apply(id: string, row: ArmingSchedule | null): void {
    const old = armed.get(id);
    if (!row || !row.enabled || row.pausedAt) {
      if (old) {
        armed.delete(id);
        log.info(`schedule ${old.schedule.name} (${id}) disarmed`, { scheduleId: id });
      }
      return;
    }
    if (old && old.schedule.version === row.version) return;
    const sameSlots = old !== undefined && old.schedule.cron === row.cron && old.schedule.timezone === row.timezone;
    const mark = (row.lastSlotAt ?? row.createdAt).getTime();
    const a = arm(row, {
      handledThrough: sameSlots ? Math.max(old.handledThrough, mark) : mark,
      owedFrom: sameSlots ? old.owedFrom : null,
      failure: sameSlots ? old.failure : null,
      down: false,
    });
    if (a)
      log.info(`schedule ${row.name} (${id}) armed: ${row.cron} (${describeCron(row.cron)}, ${row.timezone})`, {
        scheduleId: id,
        version: row.version,
      });
  }

  /** Re-reads one schedule and re-arms it; calls for one schedule run in order. */
  function reload(id: string, eventAt?: number): Promise<void> {
    const previous = reloads.get(id) ?? Promise.resolve();
    const next = previous
      .then(async () => {
        const [row] = await schedulesForArming(db, [id]);
        apply(id, row ?? null);
        changesApplied += 1;
        if (eventAt !== undefined) changeApply.add(now().getTime(), now().getTime() - eventAt);
      })
      .catch((err) => log.error(`reloading schedule ${id}`, err));
    reloads.set(id, next);
    void next.then(() => {
      if (reloads.get(id) === next) reloads.delete(id);
    });
    return next;
  }

  /** Re-reads these schedules a page at a time. */
  async function reloadMany(ids: string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += pageSize) {
      const page = ids.slice(i, i + pageSize);
      const rows = new Map((await schedulesForArming(db, page)).map((r) => [r.id, r]));
      for (const id of page) {
        // A reload of the same schedule in flight (its event) wins; the resync only fills what no event did.
        if (!reloads.has(id)) apply(id, rows.get(id) ?? null);
      }
      await yieldToLoop();
    }
  }

  return {
    /** Loads every enabled schedule a page at a time and arms it as at start. */
    async start(): Promise<{ armed: number; ms: number }> {
      const t0 = performance.now();
      const at = now().getTime();
      const othersLive = (await opts.othersFiring?.().catch(() => false)) ?? false;
      if (othersLive)
        log.info(
          "another worker's scheduler is running: slots since the last ones handled are fired as usual, not caught up",
        );
      let after: string | null = null;
      for (;;) {
        const page = await enabledSchedulesPage(db, after, pageSize);
        for (const row of page) armAtStart(row, at, othersLive);
        if (page.length < pageSize) break;
        after = page[page.length - 1].id;
        await yieldToLoop();
      }
      lastArm = { count: armed.size, ms: performance.now() - t0 };
      return { armed: armed.size, ms: lastArm.ms };
    },

    /** Arms the given rows (replacing their arming): as at start, or (catchUp false) from now. For tests and the benchmark. */
    arm(rows: ArmingSchedule[], mode: { catchUp: boolean }): void {
      const at = now().getTime();
      for (const row of rows) {
        if (mode.catchUp) armAtStart(row, at);
        else
          arm(row, {
            handledThrough: Math.max(row.lastSlotAt?.getTime() ?? 0, floorToSecond(now()).getTime()),
            down: false,
          });
      }
    },

    /** The schedules due at `at`, each with the slot it was queued for; they leave the queue until settled. */
    takeDue(at: number): DueSchedule[] {
      const out: DueSchedule[] = [];
      for (let e = queue.popDue(at); e; e = queue.popDue(at)) {
        const a = e.item;
        // Re-armed or disarmed since it was queued: the entry is stale.
        if (armed.get(a.schedule.id) !== a || a.next !== e.at) continue;
        a.next = null;
        out.push({ armed: a, slot: e.at });
      }
      return out;
    },

    /** Puts a fired schedule back in the queue with what its fire did; nothing when it was re-armed or disarmed meanwhile. */
    settle(a: Armed, s: Settlement): void {
      if (armed.get(a.schedule.id) !== a) return;
      a.handledThrough = Math.max(a.handledThrough, s.through);
      if (s.refused) {
        a.owedFrom = Math.min(a.owedFrom ?? s.refused.from, s.refused.from);
        a.failure = s.refused.why;
      } else {
        a.owedFrom = null;
        a.failure = null;
        a.down = false;
      }
      enqueue(a, s.next === undefined ? undefined : { after: s.through, next: s.next });
    },

    reload,

    /** Compares what is armed with the database: a lost schedule_changed event cannot leave a stale arming. */
    async resync(): Promise<number> {
      resyncs += 1;
      const seen = new Set<string>();
      const stale: string[] = [];
      let after: string | null = null;
      for (;;) {
        const page = await enabledVersionsPage(db, after, 5_000);
        for (const { id, version } of page) {
          seen.add(id);
          if (armed.get(id)?.schedule.version !== version) stale.push(id);
        }
        if (page.length < 5_000) break;
        after = page[page.length - 1].id;
      }
      for (const id of armed.keys()) if (!seen.has(id)) stale.push(id);
      await reloadMany(stale);
      return stale.length;
    },

    disarmAll(): void {
      armed.clear();
      queue.clear();
    },

    get size(): number {
      return armed.size;
    },

    /** The armed schedule's expression, its plain-English reading and its next slot, or null when it is not armed. */
    describe(id: string) {
      const a = armed.get(id);
      if (!a) return null;
      const next = a.next ?? a.clock.next(new Date(firedThrough(a)))?.getTime() ?? null;
      return {
        cron: a.schedule.cron,
        description: describeCron(a.schedule.cron),
        timezone: a.schedule.timezone,
        version: a.schedule.version,
        nextSlot: next === null ? null : new Date(next),
      };
    },

    /** resolves when the reloads started so far have settled */
    async idle(): Promise<void> {
      while (reloads.size > 0) await Promise.allSettled([...reloads.values()]);
    },

    stats() {
      return {
        armed: armed.size,
        changesApplied,
        resyncs,
        lastArm,
        changeApplyMs: changeApply.percentiles(now().getTime()),
      };
    },
  };
}

export type Arming = ReturnType<typeof createArming>;
