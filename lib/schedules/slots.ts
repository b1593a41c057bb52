// Slot arithmetic of schedules, shared by the worker's scheduler and its tests (no database, no timers).
// A slot is the nominal instant of one run of a schedule, to the second, computed by croner in the schedule's time
// zone: a time in a spring-forward gap runs at the first valid time after it, a time repeated by the fall-back hour
// runs once. node-cron fires the jobs; these functions say which slot a fire belongs to and which slots were missed.
import { Cron } from "croner";
import { normalizeCron } from "./cron-spec";

/** Run instants of one expression in one time zone; keep one per armed schedule (building it parses the pattern). */
export class SlotClock {
  private readonly job: Cron;

  constructor(
    readonly cron: string,
    readonly timezone: string,
  ) {
    this.job = new Cron(normalizeCron(cron), { timezone, paused: true, mode: "5-or-6-parts" });
    releaseYearTable(this.job);
  }

  /** The first slot strictly after `after`, or null when the expression never runs again. */
  next(after: Date): Date | null {
    return this.job.nextRun(after);
  }

  /** The latest slot at or before `at`, or null. */
  latestAtOrBefore(at: Date): Date | null {
    return this.job.previousRuns(1, new Date(at.getTime() + 1))[0] ?? null;
  }

  /** The last `limit` slots in (afterExclusive, untilInclusive], oldest first. */
  lastBetween(afterExclusive: Date, untilInclusive: Date, limit: number): Date[] {
    return this.job
      .previousRuns(limit, new Date(untilInclusive.getTime() + 1))
      .filter((slot) => slot.getTime() > afterExclusive.getTime())
      .reverse();
  }

  /** Slots in (afterExclusive, untilInclusive], oldest first, at most `limit`. */
  between(afterExclusive: Date, untilInclusive: Date, limit: number): Date[] {
    const slots: Date[] = [];
    let cursor: Date | null = afterExclusive;
    while (slots.length < limit) {
      cursor = this.job.nextRun(cursor);
      if (!cursor || cursor.getTime() > untilInclusive.getTime()) break;
      slots.push(cursor);
    }
    return slots;
  }
}

/**
 * croner 11 gives every pattern a 10,000-entry year table (about 80 KB) that it reads only when the pattern has a
 * year field; Cadre's 5- and 6-field expressions never do. The scheduler keeps one clock per armed schedule, so the
 * table is dropped: 10,000 schedules would otherwise hold some 800 MB.
 */
function releaseYearTable(job: Cron): void {
  const pattern = (job as unknown as { _states?: { pattern?: { starYear?: boolean; year?: number[] } } })._states?.pattern;
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
export function decideCatchUp(missed: Date[], policy: CatchUpPolicy, windowSeconds: number, now: Date): CatchUpDecision {
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
  failed: (message: string) => `the database failed (${message.split("\n").find((l) => l.trim())?.trim().slice(0, 200) ?? "no message"})`,
} as const;

/**
 * The error recorded on the execution of a slot that was missed and not run: why it was missed and what the catch-up
 * policy did instead. `upTo`: the row stands for every missed slot from its own up to this one (a long gap is recorded
 * as its most recent slots one by one and one row for the rest).
 */
export function missedReason(why: string, policy: CatchUpPolicy, ran: Date | null, windowSeconds: number, upTo?: Date): string {
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
