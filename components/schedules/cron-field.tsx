"use client";
// The cron expression with presets; as it is typed, its plain-English reading and next five runs in the chosen zone.
import { useDeferredValue, useEffect, useMemo, useState } from "react";
import { Field, inputClass } from "@/components/app/field";
import { Time } from "@/components/app/time";
import { useClockText } from "@/components/app/use-now";
import { CRON_PRESETS, cronProblem, describeCron, nextRunTimes } from "@/lib/schedules/cron-spec";
import { needsSeconds } from "@/lib/time/format";

interface CronFieldProps {
  value: string;
  timeZone: string;
  onChange: (cron: string) => void;
  /** from the API, or from submitting; the live check shows its own reason as you type */
  error?: string;
}

function preview(
  cron: string,
  timeZone: string,
  after: number,
): { problem: string } | { reading: string; runs: Date[] } {
  const problem = cronProblem(cron);
  if (problem) return { problem };
  try {
    return { reading: describeCron(cron), runs: nextRunTimes(cron, timeZone, 5, new Date(after)) };
  } catch {
    // An unknown zone while it is being picked: show the reading, the runs come once the zone is real.
    return { reading: describeCron(cron), runs: [] };
  }
}

export function CronField({ value, timeZone, onChange, error }: CronFieldProps) {
  const cron = useDeferredValue(value);
  // The runs are counted from `after`, moved on once the first of them has passed (every few seconds for a schedule
  // with seconds), so the list never shows a time gone by.
  const [after, setAfter] = useState(() => Date.now());
  // (A new expression counts from now, not from when the list last moved on.)
  const result = useMemo(() => preview(cron, timeZone, Math.max(after, Date.now())), [cron, timeZone, after]);
  const first = "runs" in result && result.runs.length > 0 ? result.runs[0].getTime() : null;
  const passed = useClockText((now) => (first !== null && now >= first ? "passed" : ""));
  useEffect(() => {
    if (passed) setAfter(Date.now());
  }, [passed]);
  const seconds = "runs" in result && needsSeconds(result.runs, cron);
  const liveError = value.trim() && "problem" in result ? `Not a schedule yet: ${result.problem}` : undefined;
  const normalized = value.trim().split(/\s+/).join(" ");

  return (
    <div className="space-y-3">
      <Field
        id="schedule-cron"
        label="Cron expression"
        error={error ?? liveError}
        hint={
          "reading" in result && result.reading ? (
            <span className="text-sm text-slate-700">{result.reading}</span>
          ) : (
            "minute hour day-of-month month day-of-week (a sixth field in front adds seconds)"
          )
        }
      >
        <input
          className={`${inputClass} font-mono`}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          autoComplete="off"
          spellCheck={false}
          placeholder="0 9 * * 1-5"
          required
        />
      </Field>

      <div role="group" aria-label="Cron presets" className="flex flex-wrap gap-1.5">
        {CRON_PRESETS.map((preset) => (
          <button
            key={preset.cron}
            type="button"
            aria-pressed={normalized === preset.cron}
            onClick={() => onChange(preset.cron)}
            className="rounded-full border border-slate-300 bg-white px-2.5 py-0.5 text-xs font-medium text-slate-700 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 aria-pressed:border-indigo-300 aria-pressed:bg-indigo-50 aria-pressed:text-indigo-700"
          >
            {preset.label}
          </button>
        ))}
      </div>

      {"runs" in result && result.runs.length > 0 && (
        <div className="rounded-md bg-slate-50 px-3 py-2">
          <h3 id="schedule-next-runs" className="text-xs font-medium tracking-wide text-slate-500 uppercase">
            Next runs in {timeZone}
          </h3>
          <ol aria-labelledby="schedule-next-runs" className="mt-1 space-y-0.5 font-mono text-xs text-slate-700">
            {result.runs.map((run) => (
              <li key={run.toISOString()}>
                <Time at={run} show="both" timeZone={timeZone} seconds={seconds} />
              </li>
            ))}
          </ol>
        </div>
      )}
    </div>
  );
}
