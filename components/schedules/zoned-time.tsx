// Times as the schedule sees them: the wall clock of its time zone, with how far away that is from now.
import { formatRelative } from "@/lib/client/format";

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat("en", {
        timeZone,
        weekday: "short",
        month: "short",
        day: "numeric",
        year: "numeric",
        hour: "2-digit",
        minute: "2-digit",
        hourCycle: "h23",
        timeZoneName: "short",
      });
    } catch {
      // An unknown zone (say, half typed) falls back to UTC rather than breaking the page.
      format = formatFor("UTC");
    }
    formats.set(timeZone, format);
  }
  return format;
}

/** "Mon, Dec 1, 2026, 09:00 GMT+1" in the given zone. */
export function formatInZone(at: Date | string, timeZone: string): string {
  return formatFor(timeZone).format(typeof at === "string" ? new Date(at) : at);
}

/** The wall-clock time in the zone, then "in 3 hours" / "5 minutes ago". */
export function ZonedTime({ iso, timeZone, empty = "—" }: { iso: string | null | undefined; timeZone: string; empty?: string }) {
  if (!iso) return <span className="text-slate-600">{empty}</span>;
  return (
    <span>
      <time dateTime={iso}>{formatInZone(iso, timeZone)}</time>
      <span className="text-slate-500"> · {formatRelative(iso)}</span>
    </span>
  );
}
