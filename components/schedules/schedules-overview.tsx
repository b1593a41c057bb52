"use client";
// The schedules overview: a timeline of the next 24 hours or 7 days across agents, the minutes where runs collide,
// and every schedule in a table.
import { useState } from "react";
import { EmptyState, ErrorNotice, LoadingBlock } from "@/components/app/states";
import { useBrowserValue } from "@/components/app/use-now";
import { useScheduleOverview } from "@/lib/client/schedules";
import type { OverviewWindow, ScheduleOverviewDto } from "@/lib/schedules/overview-schemas";
import { localTimeZone } from "@/lib/time/format";
import { OverviewTable } from "./overview-table";
import { collisionText, ScheduleTimeline, scheduleLabel } from "./schedule-timeline";

const WINDOWS: { id: OverviewWindow; label: string }[] = [
  { id: "24h", label: "24 hours" },
  { id: "7d", label: "7 days" },
];
/** Collisions named in the list; more are counted. */
const LISTED_COLLISIONS = 50;

function WindowToggle({ value, onChange }: { value: OverviewWindow; onChange: (w: OverviewWindow) => void }) {
  return (
    <div role="group" aria-label="Timeline window" className="inline-flex rounded-md shadow-sm">
      {WINDOWS.map((w, i) => (
        <button
          key={w.id}
          type="button"
          aria-pressed={value === w.id}
          onClick={() => onChange(w.id)}
          className={`border border-slate-300 px-3 py-1.5 text-sm font-medium focus-visible:z-10 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 ${
            i === 0 ? "rounded-l-md" : "-ml-px rounded-r-md"
          } ${value === w.id ? "bg-indigo-50 text-indigo-700" : "bg-white text-slate-700 hover:bg-slate-50"}`}
        >
          {w.label}
        </button>
      ))}
    </div>
  );
}

function Collisions({ overview, timeZone }: { overview: ScheduleOverviewDto; timeZone: string }) {
  const { collisions } = overview;
  if (collisions.length === 0) return null;
  return (
    <section aria-labelledby="collisions-heading" className="space-y-2">
      <h2 id="collisions-heading" className="text-sm font-medium text-slate-900">
        Runs at the same minute
      </h2>
      <ul className="space-y-1 text-sm text-slate-700">
        {collisions.slice(0, LISTED_COLLISIONS).map((c) => (
          <li key={c.at}>
            <span className="font-medium text-rose-700">{collisionText(c, timeZone)}</span>:{" "}
            {c.schedules.map(scheduleLabel).join(", ")}
          </li>
        ))}
      </ul>
      {collisions.length > LISTED_COLLISIONS && (
        <p className="text-xs text-slate-600">and {collisions.length - LISTED_COLLISIONS} more minutes.</p>
      )}
    </section>
  );
}

export function SchedulesOverview() {
  const [span, setSpan] = useState<OverviewWindow>("24h");
  const overview = useScheduleOverview(span);
  const timeZone = useBrowserValue(localTimeZone) ?? "UTC";

  if (overview.isPending) return <LoadingBlock label="Loading schedules…" />;
  if (overview.isError)
    return <ErrorNotice title="Could not load schedules" error={overview.error} retry={() => overview.refetch()} />;
  const data = overview.data;
  if (data.schedules.length === 0)
    return (
      <EmptyState title="No schedules yet">
        A schedule sends a message to an agent at set times. Open an agent and add one on its Schedules tab.
      </EmptyState>
    );
  const capped = data.schedules.filter((s) => s.upcomingCapped);

  return (
    <div className="space-y-6">
      <section
        aria-label="Timeline"
        aria-busy={overview.isFetching}
        className="space-y-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
      >
        <WindowToggle value={span} onChange={setSpan} />
        <ScheduleTimeline overview={data} timeZone={timeZone} />
        {capped.length > 0 && (
          <p className="text-xs text-slate-600">
            Only the first 200 runs of {capped.map(scheduleLabel).join(", ")} are shown.
          </p>
        )}
        <Collisions overview={data} timeZone={timeZone} />
      </section>
      <OverviewTable schedules={data.schedules} />
    </div>
  );
}
