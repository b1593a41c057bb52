"use client";
// Upcoming runs of every schedule on one time axis, one row per schedule, so runs that fall together stand out: a
// mark is red where another schedule runs in the same minute, and each such minute has a focusable marker on the axis
// naming the schedules. The marks themselves are drawn only; each row says its runs in words, and the table and the
// collision list below carry the same facts as text.
import { useId } from "react";
import type { ScheduleCollision, ScheduleOverviewDto, ScheduleOverviewItem } from "@/lib/schedules/overview-schemas";
import { formatBrief } from "@/lib/time/format";

const HOUR = 3600_000;
/** Collisions marked on the axis; the list below names every one. */
const AXIS_COLLISIONS = 60;

export const collisionText = (c: ScheduleCollision, timeZone: string) =>
  `${c.schedules.length} runs at ${formatBrief(c.at, { timeZone })}`;

export const scheduleLabel = (s: { agentName: string; name: string }) => `${s.name} (${s.agentName})`;

function ticksOf(from: number, until: number, timeZone: string): { at: number; label: string }[] {
  const span = until - from;
  const step = span <= 24 * HOUR ? 3 * HOUR : 24 * HOUR;
  // Ticks on whole hours (or midnights) of the viewer's clock, which may be off UTC's by a quarter or half hour.
  const quarter = HOUR / 4;
  const ticks: { at: number; label: string }[] = [];
  for (let at = Math.ceil(from / quarter) * quarter; at < until; at += quarter) {
    const clock = formatBrief(at, { timeZone, day: false });
    const hour = Number(clock.slice(0, 2));
    if (clock.slice(3) !== "00" || (step === 24 * HOUR ? hour !== 0 : hour % 3 !== 0)) continue;
    ticks.push({ at, label: formatBrief(at, { timeZone, day: step === 24 * HOUR }).replace(/ 00:00$/, "") });
  }
  return ticks;
}

function Row({
  item,
  position,
  colliding,
  timeZone,
}: {
  item: ScheduleOverviewItem;
  position: (at: string) => number;
  colliding: Set<number>;
  timeZone: string;
}) {
  const count = item.upcoming.length;
  const summary = !item.enabled
    ? "off"
    : count === 0
      ? "no runs in this window"
      : `${item.upcomingCapped ? "more than " : ""}${count} run${count === 1 ? "" : "s"}, first ${formatBrief(item.upcoming[0], { timeZone })}`;
  return (
    <li className="flex flex-col gap-1 sm:flex-row sm:items-center sm:gap-3">
      <span className="w-48 shrink-0 truncate text-xs text-slate-700" title={scheduleLabel(item)}>
        <span className="font-medium text-slate-900">{item.name}</span> <span>({item.agentName})</span>
        <span className="sr-only">: {summary}</span>
      </span>
      <span aria-hidden className="relative h-5 flex-1 rounded bg-slate-100">
        {item.upcoming.map((at) => {
          const clash = colliding.has(Math.floor(Date.parse(at) / 60_000));
          return (
            <span
              key={at}
              className={`absolute top-0.5 bottom-0.5 w-0.5 rounded-sm ${clash ? "bg-rose-600" : "bg-indigo-500"}`}
              style={{ left: `${position(at)}%` }}
            />
          );
        })}
        {!item.enabled && <span className="absolute inset-0 grid place-items-center text-xs text-slate-600">off</span>}
      </span>
    </li>
  );
}

export function ScheduleTimeline({ overview, timeZone }: { overview: ScheduleOverviewDto; timeZone: string }) {
  const describedBy = useId();
  const from = Date.parse(overview.from);
  const until = Date.parse(overview.until);
  const position = (at: string | number) => {
    const ms = typeof at === "string" ? Date.parse(at) : at;
    return Math.min(100, Math.max(0, ((ms - from) / (until - from)) * 100));
  };
  const colliding = new Set(overview.collisions.map((c) => Math.floor(Date.parse(c.at) / 60_000)));
  const ticks = ticksOf(from, until, timeZone);
  const windowText = overview.window === "24h" ? "24 hours" : "7 days";

  return (
    <figure aria-labelledby={`${describedBy}-title`} aria-describedby={describedBy} className="space-y-2">
      <figcaption id={`${describedBy}-title`} className="text-sm font-medium text-slate-900">
        Runs in the next {windowText}
      </figcaption>
      <p id={describedBy} className="text-xs text-slate-600">
        {overview.collisions.length === 0
          ? "No two schedules run in the same minute."
          : `${overview.collisions.length} minute${overview.collisions.length === 1 ? "" : "s"} with runs of several schedules, in red; times on your clock (${timeZone}).`}
      </p>
      <div className="flex flex-col gap-1 sm:flex-row sm:gap-3">
        <span className="hidden w-48 shrink-0 sm:block" />
        <div className="relative h-10 flex-1 border-b border-slate-300">
          {ticks.map((tick) => (
            <span
              key={tick.at}
              aria-hidden
              className="absolute top-0 -translate-x-1/2 text-[10px] whitespace-nowrap text-slate-600"
              style={{ left: `${position(tick.at)}%` }}
            >
              {tick.label}
            </span>
          ))}
          {overview.collisions.slice(0, AXIS_COLLISIONS).map((c) => (
            <button
              key={c.at}
              type="button"
              className="group absolute bottom-0 size-3 -translate-x-1/2 rounded-full bg-rose-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-rose-700"
              style={{ left: `${position(c.at)}%` }}
              aria-label={`${collisionText(c, timeZone)}: ${c.schedules.map(scheduleLabel).join(", ")}`}
            >
              <span
                role="tooltip"
                className="pointer-events-none absolute bottom-4 left-1/2 z-10 hidden w-max max-w-64 -translate-x-1/2 rounded bg-slate-900 px-2 py-1 text-left text-xs text-white group-hover:block group-focus:block"
              >
                {collisionText(c, timeZone)}: {c.schedules.map(scheduleLabel).join(", ")}
              </span>
            </button>
          ))}
        </div>
      </div>
      <ul aria-label="Schedules on the timeline" className="space-y-1.5">
        {overview.schedules.map((item) => (
          <Row key={item.id} item={item} position={position} colliding={colliding} timeZone={timeZone} />
        ))}
      </ul>
    </figure>
  );
}
