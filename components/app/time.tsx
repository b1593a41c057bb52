"use client";
// Every time on the pages: a <time> element whose text says how far it is from now ("in 12 s", "3 min ago"), kept
// up to date by the shared clock, and whose tooltip gives the exact time on the viewer's clock and, for a schedule,
// on the schedule's clock when that reads differently. The words come from lib/time/format.ts.
import type { ReactNode } from "react";
import { formatAbsolute, formatExact, formatRelative, type Instant, localTimeZone, toMillis } from "@/lib/time/format";
import { useBrowserValue, useClockText } from "./use-now";

export interface TimeProps {
  at: Instant | null | undefined;
  /**
   * relative (default): "3 min ago"; absolute: "Tue, Dec 1, 2026, 09:00 GMT+9"; both: the absolute time, then how far
   * it is from now
   */
  show?: "relative" | "absolute" | "both";
  /** the schedule's zone: absolute text is on its clock, and the tooltip adds it when it differs from the viewer's */
  timeZone?: string;
  /** show seconds in the absolute text (the tooltip always has them) */
  seconds?: boolean;
  /** leave the weekday and year out of the absolute text */
  short?: boolean;
  /** the time is known to have passed (a record's timestamp): never reads as future */
  past?: boolean;
  /** added to the viewer's clock to get the server's (the runners page counts ages by the server's clock) */
  clockOffsetMs?: number;
  /** words before the text, inside the element ("asked", "Started") */
  prefix?: string;
  /** shown when there is no time */
  empty?: ReactNode;
  className?: string;
}

/** The relative text on the shared clock; null on the server. */
export function useRelativeTime(
  at: Instant | null | undefined,
  options: { past?: boolean; clockOffsetMs?: number } = {},
): string | null {
  const { past, clockOffsetMs = 0 } = options;
  return useClockText((now) => (at == null ? "" : formatRelative(at, now + clockOffsetMs, { past })));
}

export function Time({
  at,
  show = "relative",
  timeZone,
  seconds,
  short,
  past,
  clockOffsetMs,
  prefix,
  empty = "—",
  className,
}: TimeProps) {
  const relative = useRelativeTime(at, { past, clockOffsetMs });
  const viewerZone = useBrowserValue(localTimeZone);
  if (at == null || Number.isNaN(toMillis(at))) return <span className={className ?? "text-slate-500"}>{empty}</span>;

  const iso = new Date(toMillis(at)).toISOString();
  // On the server the viewer's zone is unknown: the schedule's zone, else UTC, until the browser takes over.
  const zone = timeZone ?? viewerZone ?? "UTC";
  const absolute = formatAbsolute(at, { timeZone: zone, seconds, short });
  const exact = viewerZone
    ? formatExact(at, { viewerZone, timeZone })
    : formatAbsolute(at, { timeZone: zone, seconds: true });
  const lead = prefix ? `${prefix} ` : "";

  if (show === "absolute" || (show === "relative" && relative === null)) {
    return (
      <time dateTime={iso} title={exact} className={className}>
        {lead}
        {absolute}
      </time>
    );
  }
  if (show === "relative") {
    return (
      <time dateTime={iso} title={exact} className={className}>
        {lead}
        {relative}
      </time>
    );
  }
  return (
    <time dateTime={iso} title={exact} className={className}>
      {lead}
      {absolute}
      {relative !== null && <span className="text-slate-500"> · {relative}</span>}
    </time>
  );
}
