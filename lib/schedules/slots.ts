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
 * What to do with slots missed while the worker was down (oldest first): `latest` runs the most recent one when it
 * is within the window, `none` runs nothing; both mark all of them handled.
 */
export function decideCatchUp(missed: Date[], policy: CatchUpPolicy, windowSeconds: number, now: Date): CatchUpDecision {
  const latest = missed.length > 0 ? missed[missed.length - 1] : null;
  if (!latest) return { run: null, handledThrough: null };
  const inWindow = now.getTime() - latest.getTime() <= windowSeconds * 1000;
  return { run: policy === "latest" && inWindow ? latest : null, handledThrough: latest };
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
