// A From/To pair of calendar-day inputs for a list's filters, on the viewer's clock. `from` is the first instant kept and
// `to` the first instant left out (the start of the day after the one shown), as the list APIs take them.

import { filterInputClass, filterLabelClass } from "@/components/app/field";

const pad = (n: number) => String(n).padStart(2, "0");

/** An instant as the viewer's calendar day (YYYY-MM-DD), for a date input. */
function dayOf(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The start of a calendar day (plus `days`) on the viewer's clock, as an ISO instant. */
function startOfDay(day: string, days = 0): string | undefined {
  const [y, m, d] = day.split("-").map(Number);
  return y && m && d ? new Date(y, m - 1, d + days).toISOString() : undefined;
}

/** Two grid cells: "From (day)" and "To (day, included)"; the ids are `<idPrefix>-from` and `<idPrefix>-to`. */
export function DayRangeFilter({
  idPrefix,
  from,
  to,
  onChange,
}: {
  idPrefix: string;
  from?: string;
  to?: string;
  onChange: (patch: { from?: string } | { to?: string }) => void;
}) {
  return (
    <>
      <div>
        <label htmlFor={`${idPrefix}-from`} className={filterLabelClass}>
          From (day)
        </label>
        <input
          id={`${idPrefix}-from`}
          type="date"
          className={filterInputClass}
          value={from ? dayOf(Date.parse(from)) : ""}
          onChange={(e) => onChange({ from: startOfDay(e.target.value) })}
        />
      </div>
      <div>
        <label htmlFor={`${idPrefix}-to`} className={filterLabelClass}>
          To (day, included)
        </label>
        <input
          id={`${idPrefix}-to`}
          type="date"
          className={filterInputClass}
          // `to` is the first instant left out: the day shown is the one before it
          value={to ? dayOf(Date.parse(to) - 1) : ""}
          onChange={(e) => onChange({ to: startOfDay(e.target.value, 1) })}
        />
      </div>
    </>
  );
}
