// What daylight saving does to a schedule over the next year, read from the scheduler's own slot clock (slots.ts) so
// the note says what really happens: croner moves some times in a spring-forward gap to the first valid time after
// it and drops others, and runs a time of a repeated hour once or twice depending on the expression. Each change of
// the zone's offset is found, the wall-clock times the expression names in the gap or repeated hour are listed, and
// they are compared with the slots the scheduler fires around that instant.
import { SlotClock } from "./slots";

export type DstNoteKind = "gap" | "repeat";

export interface DstNote {
  kind: DstNoteKind;
  /** the local date of the change, YYYY-MM-DD */
  date: string;
  /** the local time(s) the expression names that the change affects, e.g. "02:30" */
  local: string;
  /** e.g. "runs at 03:00 instead of 02:30 on 14 Mar 2027" */
  message: string;
}

const MINUTE = 60_000;
const DAY = 86_400_000;
/**
 * The wall-clock times of one change looked at: enough for any expression that runs at most every 30 seconds in a
 * one-hour change. A denser one is judged by its first times (croner treats them alike) and described as a range.
 */
const WALL_TIMES_LIMIT = 120;
const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at `at`, in minutes (east positive). */
function offsetMinutes(zone: string, at: number): number {
  let format = offsetFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset" });
    offsetFormats.set(zone, format);
  }
  const name = format.formatToParts(at).find((p) => p.type === "timeZoneName")?.value ?? "GMT";
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!match) return 0;
  return (match[1] === "-" ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

interface OffsetChange {
  /** the first instant with the new offset */
  at: number;
  before: number;
  after: number;
}

/** Every change of the zone's offset in [from, until], found day by day and narrowed to the second. */
function offsetChanges(zone: string, from: number, until: number): OffsetChange[] {
  const changes: OffsetChange[] = [];
  let previous = offsetMinutes(zone, from);
  for (let t = from + DAY; t - DAY < until; t += DAY) {
    const now = offsetMinutes(zone, Math.min(t, until));
    if (now === previous) continue;
    let lo = t - DAY;
    let hi = Math.min(t, until);
    while (hi - lo > 1000) {
      const mid = Math.floor((lo + hi) / 2000) * 1000;
      if (offsetMinutes(zone, mid) === previous) lo = mid;
      else hi = mid;
    }
    changes.push({ at: hi, before: previous, after: now });
    previous = now;
  }
  return changes;
}

/** An instant's wall clock in a fixed offset, as the milliseconds of the same reading in UTC. */
const wall = (at: number, offset: number) => at + offset * MINUTE;
const isoOf = (wallMs: number) => new Date(wallMs).toISOString();
const clockText = (wallMs: number) => {
  const iso = isoOf(wallMs);
  return iso.slice(17, 19) === "00" ? iso.slice(11, 16) : iso.slice(11, 19);
};
const offsetText = (offset: number) => {
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
};
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const dayText = (wallMs: number) => {
  const d = new Date(wallMs);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
};

/** "02:00", "02:00 and 02:30", "02:00, 02:20 and 02:40", or "each of its times from 02:00 to 02:59" for a long list. */
function listTimes(wallTimes: number[], rangeEnd: number): string {
  const texts = wallTimes.map(clockText);
  if (texts.length > 4)
    return `each of its times from ${texts[0]} to ${clockText(wallTimes.length < WALL_TIMES_LIMIT ? wallTimes[wallTimes.length - 1] : rangeEnd)}`;
  if (texts.length === 1) return texts[0];
  return `${texts.slice(0, -1).join(", ")} and ${texts[texts.length - 1]}`;
}

/** The wall-clock times in [startWall, endWall) the expression names: its matches on a UTC clock. */
function namedWallTimes(utcClock: SlotClock, startWall: number, endWall: number): number[] {
  return utcClock.between(new Date(startWall - 1), new Date(endWall - 1), WALL_TIMES_LIMIT).map((d) => d.getTime());
}

function gapNotes(clock: SlotClock, utcClock: SlotClock, change: OffsetChange): DstNote[] {
  const size = (change.after - change.before) * MINUTE;
  const startWall = wall(change.at, change.before);
  const named = namedWallTimes(utcClock, startWall, startWall + size);
  if (named.length === 0) return [];
  // What the scheduler fires in the hour after the change that the expression does not name there: the stand-ins.
  const fired = clock.between(new Date(change.at - 1), new Date(change.at + size - 1), WALL_TIMES_LIMIT);
  const namedAfter = new Set(namedWallTimes(utcClock, startWall + size, startWall + 2 * size));
  const standIns = fired.map((d) => wall(d.getTime(), change.after)).filter((w) => !namedAfter.has(w));
  const date = isoOf(startWall).slice(0, 10);
  const on = `on ${dayText(startWall)}`;
  const times = listTimes(named, startWall + size - 1000);
  const message =
    standIns.length === 0
      ? `skips ${times} ${on} (clocks go forward from ${clockText(startWall)} to ${clockText(startWall + size)})`
      : `runs ${named.length > 1 && standIns.length === 1 ? "once " : ""}at ${listTimes(standIns, 0)} instead of ${times} ${on}`;
  return [{ kind: "gap", date, local: clockText(named[0]), message }];
}

function repeatNotes(clock: SlotClock, utcClock: SlotClock, change: OffsetChange): DstNote[] {
  const size = (change.before - change.after) * MINUTE;
  const startWall = wall(change.at, change.after);
  const named = namedWallTimes(utcClock, startWall, startWall + size);
  if (named.length === 0) return [];
  const fires = (at: number) => clock.next(new Date(at - 1))?.getTime() === at;
  const groups: Record<"first" | "second" | "both" | "none", number[]> = { first: [], second: [], both: [], none: [] };
  for (const w of named) {
    const first = fires(w - change.before * MINUTE);
    const second = fires(w - change.after * MINUTE);
    groups[first ? (second ? "both" : "first") : second ? "second" : "none"].push(w);
  }
  const date = isoOf(startWall).slice(0, 10);
  const on = `on ${dayText(startWall)}`;
  const before = offsetText(change.before);
  const after = offsetText(change.after);
  const phrases = {
    first: (t: string) => `runs once at ${t} (first occurrence, ${before}) ${on}`,
    second: (t: string) => `runs once at ${t} (second occurrence, ${after}) ${on}`,
    both: (t: string) => `runs twice at ${t} (at ${before}, then again at ${after}) ${on}`,
    none: (t: string) => `skips ${t} ${on}`,
  };
  return (Object.keys(groups) as (keyof typeof groups)[])
    .filter((key) => groups[key].length > 0)
    .map((key) => ({
      kind: "repeat" as const,
      date,
      local: clockText(groups[key][0]),
      message: phrases[key](listTimes(groups[key], startWall + size - 1000)),
    }));
}

/**
 * The daylight-saving notes of an expression in a zone for the year after `from`, oldest first: for each change of
 * the zone's clock on which the expression names a time that does not exist or comes twice, what the scheduler does.
 * The expression must be valid (CronExpression) and the zone a real one (TimeZone).
 */
export function dstNotes(cron: string, timezone: string, from: Date = new Date()): DstNote[] {
  const start = from.getTime();
  const changes = offsetChanges(timezone, start, start + 366 * DAY);
  if (changes.length === 0) return [];
  const clock = new SlotClock(cron, timezone);
  const utcClock = new SlotClock(cron, "UTC");
  return changes.flatMap((change) =>
    change.after > change.before ? gapNotes(clock, utcClock, change) : repeatNotes(clock, utcClock, change),
  );
}
