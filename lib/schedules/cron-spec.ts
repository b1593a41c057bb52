// Cron expressions and time zones of schedules: validation, plain-English reading and run times. Browser-safe (no
// database, no node: modules) so the schedule form shows the same answers as the API and the worker.
//
// The worker fires schedules with node-cron and previews come from croner, so an expression is accepted only when
// both read it the same way: 5 fields (or 6 with seconds first) of numbers, `*`, ranges `a-b`, lists `a,b` and steps
// `*/n` or `a-b/n`, with JAN-DEC and SUN-SAT names. Refused: `L`, `W`, `#`, `?`, nicknames like `@daily`, ranges that
// wrap (`22-2`), and day-of-month together with day-of-week (croner runs on either, node-cron only when both match).
import { Cron } from "croner";
import cronstrue from "cronstrue";
import { z } from "zod";

const FIELD_NAMES_5 = ["minute", "hour", "day-of-month", "month", "day-of-week"] as const;
const FIELD_NAMES_6 = ["second", ...FIELD_NAMES_5] as const;

const MONTH_NAMES = /\b(JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)\b/gi;
const DAY_NAMES = /\b(SUN|MON|TUE|WED|THU|FRI|SAT)\b/gi;

const UNSUPPORTED: [RegExp, string][] = [
  [/\?/, "'?' is not supported; use * instead"],
  [/#/, "'#' (nth weekday of the month) is not supported"],
  [/L/i, "'L' (last day) is not supported"],
  [/W/i, "'W' (nearest weekday) is not supported"],
];

/** The same expression with single spaces between fields, as stored and handed to node-cron. */
export function normalizeCron(expr: string): string {
  return expr.trim().split(/\s+/).join(" ");
}

/** Why the expression cannot be scheduled, or null when it can. */
export function cronProblem(expr: string): string | null {
  const normalized = normalizeCron(expr);
  if (!normalized) return "cron expression is empty";
  if (normalized.startsWith("@"))
    return `nicknames like '${normalized}' are not supported; write the 5 fields, e.g. '0 0 * * *'`;
  const fields = normalized.split(" ");
  if (fields.length !== 5 && fields.length !== 6) {
    return `expected 5 fields (or 6 with seconds), got ${fields.length}`;
  }
  const names = fields.length === 6 ? FIELD_NAMES_6 : FIELD_NAMES_5;
  for (let i = 0; i < fields.length; i++) {
    const name = names[i];
    let field = fields[i];
    if (name === "month") field = field.replace(MONTH_NAMES, "1");
    if (name === "day-of-week") field = field.replace(DAY_NAMES, "1");
    for (const [pattern, message] of UNSUPPORTED) {
      if (pattern.test(field)) return `${name} '${fields[i]}': ${message}`;
    }
    if (!/^[0-9*,/-]+$/.test(field)) {
      const hint = name === "month" ? " (use 1-12 or JAN-DEC)" : name === "day-of-week" ? " (use 0-7 or SUN-SAT)" : "";
      return `${name} '${fields[i]}' has characters cron does not know${hint}`;
    }
  }
  const dom = fields[fields.length - 3];
  const dow = fields[fields.length - 1];
  if (dom !== "*" && dow !== "*") {
    return "set day-of-month or day-of-week, not both (cron implementations disagree on whether either or both must match); put * in one of them";
  }
  let job: Cron;
  try {
    job = cronJob(normalized, "UTC");
  } catch (err) {
    return (err instanceof Error ? err.message : String(err)).replace(/^CronPattern:\s*/, "");
  }
  if (!job.nextRun()) return "the expression never matches a date (e.g. 30 February)";
  return null;
}

function cronJob(expr: string, timezone: string): Cron {
  return new Cron(normalizeCron(expr), { timezone, paused: true, mode: "5-or-6-parts" });
}

export const CRON_MAX_LENGTH = 200;
export const TIME_ZONE_MAX_LENGTH = 64;

/** A cron expression both croner and node-cron run the same way; parsed to its single-spaced form. */
export const CronExpression = z
  .string()
  // abort: a text over the limit is refused as it is, without being read as cron.
  .max(CRON_MAX_LENGTH, { error: `cron expression is longer than ${CRON_MAX_LENGTH} characters`, abort: true })
  .superRefine((value, ctx) => {
    const problem = cronProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  .transform(normalizeCron);

/** Why the name is not a usable IANA time zone, or null when it is. */
export function timeZoneProblem(name: string): string | null {
  // Intl also takes offsets such as "+01:00"; a schedule follows a place's clock, so only zone names are taken.
  if (!/^[A-Za-z]/.test(name)) return `'${name}' is not an IANA time zone name (e.g. "Europe/Berlin", "UTC")`;
  try {
    new Intl.DateTimeFormat(undefined, { timeZone: name });
    return null;
  } catch {
    return `unknown IANA time zone '${name}'`;
  }
}

/** An IANA time zone name such as "Europe/Berlin" or "UTC". */
export const TimeZone = z
  .string()
  .trim()
  .min(1, { error: "time zone is empty", abort: true })
  // The longest IANA name has 32 characters; a longer text is refused without asking Intl about it.
  .max(TIME_ZONE_MAX_LENGTH, { error: `time zone is longer than ${TIME_ZONE_MAX_LENGTH} characters`, abort: true })
  .superRefine((value, ctx) => {
    const problem = timeZoneProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  .transform(canonicalCase);

/** "europe/berlin" → "Europe/Berlin"; links such as "US/Eastern" stay as written. */
function canonicalCase(name: string): string {
  const resolved = new Intl.DateTimeFormat(undefined, { timeZone: name }).resolvedOptions().timeZone;
  return resolved.toLowerCase() === name.toLowerCase() ? resolved : name;
}

/** Plain English, 24-hour clock, e.g. "At 09:00, Monday through Friday"; "" when the expression cannot be read. */
export function describeCron(expr: string): string {
  try {
    return cronstrue.toString(normalizeCron(expr), { use24HourTimeFormat: true, throwExceptionOnParseError: true });
  } catch {
    return "";
  }
}

/**
 * The next `count` run instants strictly after `after` (default now), computed in `timezone`. A time that falls in
 * a spring-forward gap runs at the first valid time after it; a time repeated by the fall-back hour runs once.
 * Throws on an invalid expression (check with CronExpression first).
 */
export function nextRunTimes(expr: string, timezone: string, count: number, after: Date = new Date()): Date[] {
  return cronJob(expr, timezone).nextRuns(count, after);
}

/** Run instants in (afterExclusive, untilInclusive], oldest first, at most `limit` of them. */
export function slotsBetween(
  expr: string,
  timezone: string,
  afterExclusive: Date,
  untilInclusive: Date,
  limit: number,
): Date[] {
  const job = cronJob(expr, timezone);
  const slots: Date[] = [];
  let cursor: Date | null = afterExclusive;
  while (slots.length < limit) {
    cursor = job.nextRun(cursor);
    if (!cursor || cursor.getTime() > untilInclusive.getTime()) break;
    slots.push(cursor);
  }
  return slots;
}

/** The values one numeric field matches (the expression passed cronProblem), e.g. "0-30/10" in 0..59 → 0, 10, 20, 30. */
function fieldValues(field: string, min: number, max: number): number[] {
  const values = new Set<number>();
  for (const part of field.split(",")) {
    const [range, stepText] = part.split("/");
    const step = stepText === undefined ? 1 : Math.max(1, Number(stepText));
    const [from, to] =
      range === "*"
        ? [min, max]
        : range.includes("-")
          ? range.split("-").map(Number)
          : [Number(range), stepText === undefined ? Number(range) : max];
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return [...values].sort((a, b) => a - b);
}

/** The smallest difference between two neighbouring values; Infinity for a single value. */
function smallestStep(values: number[]): number {
  let smallest = Infinity;
  for (let i = 1; i < values.length; i++) smallest = Math.min(smallest, values[i] - values[i - 1]);
  return smallest;
}

const spread = (values: number[]) => values[values.length - 1] - values[0];

/** The fewest days between two neighbouring days the day fields match, read from the calendar (about 8 years). */
function smallestDayGap(dayOfMonth: string, month: string, dayOfWeek: string): number {
  const job = new Cron(`0 0 0 ${dayOfMonth} ${month} ${dayOfWeek}`, {
    timezone: "UTC",
    paused: true,
    mode: "5-or-6-parts",
  });
  const horizon = Date.now() + 8 * 366 * 86400_000;
  let smallest = Infinity;
  let previous = job.nextRun();
  for (let i = 0; previous && i < 1000 && smallest > 1; i++) {
    const next: Date | null = job.nextRun(previous);
    if (!next || next.getTime() > horizon) break;
    smallest = Math.min(smallest, Math.round((next.getTime() - previous.getTime()) / 86400_000));
    previous = next;
  }
  return smallest;
}

/**
 * The shortest time between two runs of a valid expression, in seconds, on the clock (daylight saving shifts aside).
 * Runs are (day, hour, minute, second) in order, so two neighbouring runs differ either in the second only, or in the
 * minute (from the last second of one to the first of the next), the hour, or the day; the smallest of those four.
 * The calendar is only consulted when the change of day could be the smallest.
 */
export function shortestGapSeconds(expr: string): number {
  const fields = normalizeCron(expr).split(" ");
  if (fields.length === 5) fields.unshift("0");
  const [secondField, minuteField, hourField, dayOfMonth, month, dayOfWeek] = fields;
  const seconds = fieldValues(secondField, 0, 59);
  const minutes = fieldValues(minuteField, 0, 59);
  const hours = fieldValues(hourField, 0, 23);
  const withinMinute = spread(seconds);
  const withinHour = 60 * spread(minutes) + withinMinute;
  const withinDay = 3600 * spread(hours) + withinHour;
  const closest = Math.min(
    smallestStep(seconds),
    60 * smallestStep(minutes) - withinMinute,
    3600 * smallestStep(hours) - withinHour,
  );
  if (86400 - withinDay >= closest) return closest;
  return Math.min(closest, 86400 * smallestDayGap(dayOfMonth, month, dayOfWeek) - withinDay);
}

export interface CronPreset {
  label: string;
  cron: string;
}

export const CRON_PRESETS: readonly CronPreset[] = [
  { label: "Every minute", cron: "* * * * *" },
  { label: "Every hour", cron: "0 * * * *" },
  { label: "Every day at 9:00", cron: "0 9 * * *" },
  { label: "Weekdays at 9:00", cron: "0 9 * * 1-5" },
  { label: "Mondays at 8:00", cron: "0 8 * * 1" },
  { label: "First of the month at 6:00", cron: "0 6 1 * *" },
];
