"use client";
// The next runs of the expression being typed and what daylight saving does to it, as the server's preview answers
// (the scheduler's own slot clock), asked once typing pauses.
import { useEffect } from "react";
import { Time } from "@/components/app/time";
import { useClockText } from "@/components/app/use-now";
import { useDebouncedValue } from "@/components/processes/use-debounced-value";
import { errorMessage } from "@/lib/client/api";
import { useCronPreview } from "@/lib/client/schedules";
import { cronProblem, normalizeCron, timeZoneProblem } from "@/lib/schedules/cron-spec";
import { needsSeconds } from "@/lib/time/format";

const ASK_AFTER_MS = 300;
const RUNS_SHOWN = 5;

export function CronPreview({ cron, timeZone }: { cron: string; timeZone: string }) {
  const settled = useDebouncedValue(`${normalizeCron(cron)}\n${timeZone.trim()}`, ASK_AFTER_MS);
  const [askedCron, askedZone] = settled.split("\n");
  const asked = { cron: askedCron, timeZone: askedZone ?? "" };
  const usable = !cronProblem(asked.cron) && !timeZoneProblem(asked.timeZone);
  const preview = useCronPreview(asked.cron, asked.timeZone, usable);
  // The runs are counted from when they were asked: those gone by drop out of the list at once (it never shows a
  // time that has passed), and once the first has passed the list is asked for again.
  const runs = preview.data?.runs ?? [];
  const gone = Number(useClockText((now) => String(runs.filter((r) => Date.parse(r) <= now).length)) ?? 0);
  const { refetch } = preview;
  useEffect(() => {
    if (gone > 0) void refetch();
  }, [gone, refetch]);

  if (!usable || cronProblem(cron)) return null;
  if (preview.isError)
    return <p className="text-xs text-rose-700">Could not read the next runs: {errorMessage(preview.error)}</p>;
  const data = preview.data;
  const shown = runs.slice(gone, gone + RUNS_SHOWN);
  if (!data || shown.length === 0) return null;
  const seconds = needsSeconds(shown, data.expression);

  return (
    <div className="space-y-2" aria-busy={preview.isFetching}>
      <div className="rounded-md bg-slate-50 px-3 py-2">
        <h3 id="schedule-next-runs" className="text-xs font-medium tracking-wide text-slate-600 uppercase">
          Next runs in {data.timezone}
        </h3>
        <ol aria-labelledby="schedule-next-runs" className="mt-1 space-y-0.5 font-mono text-xs text-slate-700">
          {shown.map((run) => (
            <li key={run}>
              <Time at={run} show="both" timeZone={data.timezone} seconds={seconds} />
            </li>
          ))}
        </ol>
      </div>
      {data.dstNotes.length > 0 && (
        <div className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2">
          <h3 id="schedule-dst-notes" className="text-xs font-medium tracking-wide text-amber-900 uppercase">
            Daylight saving in {data.timezone}
          </h3>
          <ul aria-labelledby="schedule-dst-notes" className="mt-1 space-y-0.5 text-xs text-amber-900">
            {data.dstNotes.map((note) => (
              <li key={`${note.date}-${note.kind}-${note.local}`}>
                {note.message.charAt(0).toUpperCase()}
                {note.message.slice(1)}.
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
