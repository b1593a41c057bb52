// Every time the pages show goes through here: how far it is from now ("in 12 s", "3 min ago"), and the exact time
// on a named clock ("Tue, Dec 1, 2026, 09:00:05 GMT+9"). Pure functions (no clock, no DOM), so they are tested alone;
// components/app/time.tsx puts them on the page and keeps the relative text ticking.

export type Instant = Date | string | number;

const SECOND = 1000;
const MINUTE = 60 * SECOND;

export function toMillis(at: Instant): number {
  return at instanceof Date ? at.getTime() : typeof at === "number" ? at : Date.parse(at);
}

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;

/** A span of time in its largest whole unit: "12 s", "3 min", "2 h", "4 days", "3 months", "2 years". */
export function formatSpan(ms: number): string {
  const s = Math.floor(Math.abs(ms) / SECOND);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h} h`;
  const d = Math.floor(h / 24);
  if (d < 30) return plural(d, "day");
  if (d < 365) return plural(Math.floor(d / 30), "month");
  return plural(Math.floor(d / 365), "year");
}

export interface RelativeOptions {
  /**
   * The time is known to have passed (when a record was made, a run started): a clock that is a little behind the
   * server's never makes it read "in 1 s".
   */
  past?: boolean;
}

/**
 * How far `at` is from `now`: "just now" within the last second, "12 s ago", "3 min ago"; ahead of now, "in 12 s",
 * "in 3 min" — counted up to the next whole second, so a time still to come never reads "just now" or "in 0 s".
 */
export function formatRelative(at: Instant, now: number, options: RelativeOptions = {}): string {
  const diff = toMillis(at) - now;
  if (Number.isNaN(diff)) return "—";
  if (diff > 0 && !options.past) return `in ${formatSpan(Math.ceil(diff / SECOND) * SECOND)}`;
  const ago = Math.max(0, -diff);
  return ago < SECOND ? "just now" : `${formatSpan(ago)} ago`;
}

export interface AbsoluteOptions {
  /** IANA zone; the viewer's when left out */
  timeZone?: string;
  /** show seconds (a schedule with a seconds field, times under a minute apart, an exact tooltip) */
  seconds?: boolean;
  /** leave the weekday and year out, for dense lists: "Dec 1, 09:00 GMT+9" */
  short?: boolean;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor({ timeZone, seconds = false, short = false }: AbsoluteOptions): Intl.DateTimeFormat {
  const key = `${timeZone ?? ""}|${seconds}|${short}`;
  let format = formats.get(key);
  if (!format) {
    const options: Intl.DateTimeFormatOptions = {
      ...(short ? {} : { weekday: "short", year: "numeric" }),
      month: "short",
      day: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      ...(seconds ? { second: "2-digit" } : {}),
      hourCycle: "h23",
      timeZoneName: "short",
    };
    try {
      format = new Intl.DateTimeFormat("en", { ...options, timeZone });
    } catch {
      // An unknown zone (say, half typed in the form) shows UTC rather than breaking the page.
      format = new Intl.DateTimeFormat("en", { ...options, timeZone: "UTC" });
    }
    formats.set(key, format);
  }
  return format;
}

/** "Tue, Dec 1, 2026, 09:00 GMT+9" on the zone's clock (the viewer's by default), with seconds when asked. */
export function formatAbsolute(at: Instant, options: AbsoluteOptions = {}): string {
  const ms = toMillis(at);
  return Number.isNaN(ms) ? "—" : formatFor(options).format(ms);
}

/** The zone this runtime's clock is on (the browser's: the viewer's), UTC when it does not say. */
export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

/**
 * The exact time for a tooltip: on the viewer's clock, and on `timeZone`'s (a schedule's) when that reads
 * differently — "Tue, Dec 1, 2026, 01:00:00 GMT+1 (your time) · Tue, Dec 1, 2026, 09:00:00 GMT+9 (Asia/Tokyo)".
 */
export function formatExact(at: Instant, options: { viewerZone: string; timeZone?: string }): string {
  const mine = formatAbsolute(at, { timeZone: options.viewerZone, seconds: true });
  if (!options.timeZone) return mine;
  const theirs = formatAbsolute(at, { timeZone: options.timeZone, seconds: true });
  return theirs === mine
    ? `${mine} (your time and ${options.timeZone})`
    : `${mine} (your time) · ${theirs} (${options.timeZone})`;
}

/** A cron expression of six fields starts with seconds. */
export function hasSecondsField(cron: string): boolean {
  return cron.trim().split(/\s+/).length === 6;
}

/**
 * Whether times need their seconds shown: the schedule's expression has a seconds field, or two of them are less
 * than a minute apart (shown without seconds they would read the same).
 */
export function needsSeconds(times: Instant[], cron?: string): boolean {
  if (cron && hasSecondsField(cron)) return true;
  const ms = times
    .map(toMillis)
    .filter((t) => !Number.isNaN(t))
    .sort((a, b) => a - b);
  return ms.some((t, i) => i > 0 && t - ms[i - 1] < MINUTE);
}

const briefFormats = new Map<string, Intl.DateTimeFormat>();

/** "Tue 09:00" (or "09:00" without the day) on the zone's clock: a timeline's ticks and collisions. */
export function formatBrief(at: Instant, options: { timeZone?: string; day?: boolean } = {}): string {
  const key = `${options.timeZone ?? ""}|${options.day ?? true}`;
  let format = briefFormats.get(key);
  if (!format) {
    const parts: Intl.DateTimeFormatOptions = {
      ...(options.day === false ? {} : { weekday: "short" }),
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    };
    try {
      format = new Intl.DateTimeFormat("en", { ...parts, timeZone: options.timeZone });
    } catch {
      format = new Intl.DateTimeFormat("en", { ...parts, timeZone: "UTC" });
    }
    briefFormats.set(key, format);
  }
  const ms = toMillis(at);
  return Number.isNaN(ms) ? "—" : format.format(ms).replace(",", "");
}
