// Slot arithmetic of schedules, shared by the worker's scheduler and its tests (no database, no timers).
// A slot is the nominal instant of one run of a schedule, to the second, computed by croner in the schedule's time
// zone: a time in a spring-forward gap runs at the first valid time after it, a time repeated by the fall-back hour
// runs once. The scheduler's one tick asks planSlots() which slots of a due schedule to fire, and which were missed.
import { createHash } from "node:crypto";
import { Cron } from "croner";
import { normalizeCron } from "./cron-spec";

/** The instants a schedule may fire in (ms; null: open on that side). */
export interface SlotWindow {
  startAt: number | null;
  endAt: number | null;
}

/** The window of a schedule row, as a clock takes it. */
export function slotWindow(row: { startAt?: Date | null; endAt?: Date | null }): SlotWindow {
  return { startAt: row.startAt?.getTime() ?? null, endAt: row.endAt?.getTime() ?? null };
}

/**
 * Run instants of one expression in one time zone, within the schedule's start/end window; keep one per armed
 * schedule (building it parses the pattern).
 */
export class SlotClock {
  private readonly job: Cron;
  private readonly startAt: number;
  private readonly endAt: number;

  constructor(
    readonly cron: string,
    readonly timezone: string,
    window: SlotWindow = { startAt: null, endAt: null },
  ) {
    this.job = new Cron(normalizeCron(cron), { timezone, paused: true, mode: "5-or-6-parts" });
    releaseYearTable(this.job);
    this.startAt = window.startAt ?? -Infinity;
    this.endAt = window.endAt ?? Infinity;
  }

  /** The first slot strictly after `after`, or null when the expression never runs again (or the window ended). */
  next(after: Date): Date | null {
    const from = after.getTime() < this.startAt ? new Date(this.startAt - 1) : after;
    const next = this.job.nextRun(from);
    return next && next.getTime() <= this.endAt ? next : null;
  }

  /** The latest slot at or before `at`, or null. */
  latestAtOrBefore(at: Date): Date | null {
    const until = Math.min(at.getTime(), this.endAt);
    const slot = this.job.previousRuns(1, new Date(until + 1))[0] ?? null;
    return slot && slot.getTime() >= this.startAt ? slot : null;
  }

  /** The last `limit` slots in (afterExclusive, untilInclusive], oldest first. */
  lastBetween(afterExclusive: Date, untilInclusive: Date, limit: number): Date[] {
    const from = Math.max(afterExclusive.getTime(), this.startAt - 1);
    const until = Math.min(untilInclusive.getTime(), this.endAt);
    if (until <= from) return [];
    return this.job
      .previousRuns(limit, new Date(until + 1))
      .filter((slot) => slot.getTime() > from)
      .reverse();
  }

  /** Slots in (afterExclusive, untilInclusive], oldest first, at most `limit`. */
  between(afterExclusive: Date, untilInclusive: Date, limit: number): Date[] {
    const slots: Date[] = [];
    let cursor: Date | null = afterExclusive;
    while (slots.length < limit) {
      cursor = this.next(cursor);
      if (!cursor || cursor.getTime() > untilInclusive.getTime()) break;
      slots.push(cursor);
    }
    return slots;
  }
}

/**
 * How long after its slot a fire of a schedule with jitter waits (ms, 0..jitterSeconds·1000): taken from a hash of
 * the schedule and the slot, so every worker, and every retried claim of the slot, computes the same instant, while
 * the slots of one schedule (and the same slot of many schedules) spread across the range.
 */
export function jitterOffsetMs(scheduleId: string, slot: Date, jitterSeconds: number): number {
  if (jitterSeconds <= 0) return 0;
  const digest = createHash("sha256").update(`${scheduleId}|${slot.toISOString()}`).digest();
  return Math.floor((digest.readUInt32BE(0) / 0x1_0000_0000) * (jitterSeconds * 1000 + 1));
}

/** When a fire of the slot may start: the slot plus its jitter; null when the schedule has none. */
export function jitteredStart(scheduleId: string, slot: Date, jitterSeconds: number): Date | null {
  const offset = jitterOffsetMs(scheduleId, slot, jitterSeconds);
  return offset === 0 ? null : new Date(slot.getTime() + offset);
}

/**
 * croner 11 gives every pattern a 10,000-entry year table (about 80 KB) that it reads only when the pattern has a
 * year field; Cadre's 5- and 6-field expressions never do. The scheduler keeps one clock per armed schedule, so the
 * table is dropped: 10,000 schedules would otherwise hold some 800 MB.
 */
function releaseYearTable(job: Cron): void {
  const pattern = (job as unknown as { _states?: { pattern?: { starYear?: boolean; year?: number[] } } })._states
    ?.pattern;
  if (pattern?.starYear === true && Array.isArray(pattern.year)) pattern.year = [];
}

export type CatchUpPolicy = "latest" | "none";

export interface CatchUpDecision {
  /** the slot to run now, or null */
  run: Date | null;
  /** the latest missed slot: lastSlotAt moves here whether or not it runs */
  handledThrough: Date | null;
}

/**
 * What to do with slots missed while the worker was down, or late beyond the tolerance (oldest first): `latest` runs
 * the most recent one when it is within the window, `none` runs nothing. The others are recorded as missed.
 */
export function decideCatchUp(
  missed: Date[],
  policy: CatchUpPolicy,
  windowSeconds: number,
  now: Date,
): CatchUpDecision {
  const latest = missed.length > 0 ? missed[missed.length - 1] : null;
  if (!latest) return { run: null, handledThrough: null };
  const inWindow = now.getTime() - latest.getTime() <= windowSeconds * 1000;
  return { run: policy === "latest" && inWindow ? latest : null, handledThrough: latest };
}

/** Why slots were missed, as recorded on their executions. */
export const MISSED_BECAUSE = {
  down: "the worker was not running",
  late: "the scheduler was late (its process stalled or the clock jumped)",
  busy: "the database was busy (another connection held its write lock)",
  failed: (message: string) =>
    `the database failed (${
      message
        .split("\n")
        .find((l) => l.trim())
        ?.trim()
        .slice(0, 200) ?? "no message"
    })`,
} as const;

/**
 * The error recorded on the execution of a slot that was missed and not run: why it was missed and what the catch-up
 * policy did instead. `upTo`: the row stands for every missed slot from its own up to this one (a long gap is recorded
 * as its most recent slots one by one and one row for the rest).
 */
export function missedReason(
  why: string,
  policy: CatchUpPolicy,
  ran: Date | null,
  windowSeconds: number,
  upTo?: Date,
): string {
  const what = upTo ? `missed, with every slot up to ${upTo.toISOString()}` : "missed";
  const then =
    policy === "none"
      ? `catch-up policy "none"`
      : ran
        ? `catch-up policy "latest" ran the most recent missed slot, ${ran.toISOString()}`
        : `catch-up policy "latest": the most recent missed slot was older than the ${windowSeconds} s window`;
  return `${what}: ${why}; ${then}`;
}

/** How long after a failed attempt the next one starts: backoff · 2^(attempt − 1). */
export function retryDelayMs(backoffSeconds: number, failedAttempt: number): number {
  return backoffSeconds * 1000 * 2 ** Math.max(0, failedAttempt - 1);
}

/** The idempotency key of one attempt of one slot; the web finds the worker's row by it. */
export function slotIdempotencyKey(scheduleId: string, slot: Date, attempt: number): string {
  return `schedule:${scheduleId}:${slot.toISOString()}:${attempt}`;
}

export function floorToSecond(d: Date): Date {
  return new Date(Math.floor(d.getTime() / 1000) * 1000);
}

/** A gap longer than this is recorded as its most recent slots one by one and one row standing for the rest. */
export const MISSED_RECORD_LIMIT = 100;
/** At most this many late slots (within the tolerance) are fired in one pass. */
const LATE_SLOT_LIMIT = 100;

/** Where a schedule stands, as the scheduler's arming keeps it. */
export interface SlotState {
  /** the latest slot fired or recorded (ms) */
  handledThrough: number;
  /** the earliest slot the database refused and that has no row yet (ms): slots are fired again from there */
  owedFrom: number | null;
  /** why the owed slots were refused, for the record of those the catch-up policy does not run */
  failure: string | null;
  /** the slots since handledThrough were missed while no scheduler ran (the first pass after a start) */
  down: boolean;
  catchUpPolicy: CatchUpPolicy;
  catchUpWindowSeconds: number;
}

export interface PlannedSlot {
  slot: number;
  /** set: record the slot as missed with this error instead of running it */
  missed?: string;
  /** the one run the catch-up policy makes for the missed slots */
  catchUp?: boolean;
}

export interface SlotPlan {
  /** oldest first */
  slots: PlannedSlot[];
  /** handledThrough once these slots have rows */
  through: number;
  /** the first slot after `through` (null: none ever), when planning found it on the way; else undefined */
  nextAfter?: number | null;
}

/** The slot after which a schedule's next fires start: after its handled mark, or before the slots the database refused. */
export function firedThrough(state: Pick<SlotState, "handledThrough" | "owedFrom">): number {
  return state.owedFrom === null ? state.handledThrough : Math.min(state.handledThrough, state.owedFrom - 1);
}

/**
 * The slots of a schedule due at `now`: those at most `toleranceMs` late run as themselves; older ones (missed while
 * no scheduler ran, or late beyond the tolerance because the process stalled or the database refused them) follow
 * the catch-up policy — one run for the most recent when the policy is `latest` and it is within the window, every
 * other one recorded as missed with the reason. A long gap is recorded as its last MISSED_RECORD_LIMIT slots and one
 * row, on its first slot, standing for the ones before.
 */
export function planSlots(
  clock: SlotClock,
  state: SlotState,
  now: number,
  toleranceMs: number,
  firstAfter?: number,
): SlotPlan {
  const slots: PlannedSlot[] = [];
  let from = firedThrough(state);
  // The common case, a slot fired on time: `firstAfter` (the first slot after `from`, as the scheduler queued it) is
  // due and within the tolerance, so nothing before it was missed; the slots due are it and any after it up to now.
  // One step of the clock instead of a search backwards and two forwards.
  if (
    !state.down &&
    firstAfter !== undefined &&
    firstAfter > from &&
    firstAfter <= now &&
    firstAfter >= now - toleranceMs
  ) {
    slots.push({ slot: firstAfter });
    let next = clock.next(new Date(firstAfter));
    while (next && next.getTime() <= now && slots.length < LATE_SLOT_LIMIT) {
      slots.push({ slot: next.getTime() });
      next = clock.next(next);
    }
    const through = slots[slots.length - 1].slot;
    // Known only when every due slot was taken: a capped list leaves `next` among the due ones.
    return { slots, through, ...(next === null || next.getTime() > now ? { nextAfter: next?.getTime() ?? null } : {}) };
  }
  const catchUp = (latest: Date | null, why: string) => {
    if (!latest || latest.getTime() <= from) return;
    const policy = state.catchUpPolicy;
    const run = decideCatchUp([latest], policy, state.catchUpWindowSeconds, new Date(now)).run;
    const listed = clock.lastBetween(new Date(from), latest, MISSED_RECORD_LIMIT);
    const first = clock.next(new Date(from));
    if (first && listed.length > 0 && first.getTime() < listed[0].getTime()) {
      const upTo = clock.latestAtOrBefore(new Date(listed[0].getTime() - 1));
      slots.push({
        slot: first.getTime(),
        missed: missedReason(why, policy, run, state.catchUpWindowSeconds, upTo ?? undefined),
      });
    }
    const reason = missedReason(why, policy, run, state.catchUpWindowSeconds);
    for (const slot of listed) {
      if (run && slot.getTime() === run.getTime()) slots.push({ slot: slot.getTime(), catchUp: true });
      else slots.push({ slot: slot.getTime(), missed: reason });
    }
    from = latest.getTime();
  };
  if (state.down) {
    catchUp(clock.latestAtOrBefore(new Date(now)), MISSED_BECAUSE.down);
  } else {
    catchUp(clock.latestAtOrBefore(new Date(now - toleranceMs - 1)), state.failure ?? MISSED_BECAUSE.late);
    for (const slot of clock.between(new Date(from), new Date(now), LATE_SLOT_LIMIT))
      slots.push({ slot: slot.getTime() });
  }
  const last = slots.length > 0 ? slots[slots.length - 1].slot : -Infinity;
  return { slots, through: Math.max(state.handledThrough, last) };
}
