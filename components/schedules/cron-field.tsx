"use client";
// The cron expression with presets; as it is typed, its plain-English reading, and (from the server's preview) its next
// five runs in the chosen zone with what daylight saving does to them.
import { useDeferredValue, useMemo } from "react";
import { Field, inputClass } from "@/components/app/field";
import { CRON_PRESETS, cronProblem, describeCron } from "@/lib/schedules/cron-spec";
import { CronPreview } from "./cron-preview";

interface CronFieldProps {
  value: string;
  timeZone: string;
  onChange: (cron: string) => void;
  /** from the API, or from submitting; the live check shows its own reason as you type */
  error?: string;
}

function reading(cron: string): { problem: string } | { reading: string } {
  const problem = cronProblem(cron);
  return problem ? { problem } : { reading: describeCron(cron) };
}

export function CronField({ value, timeZone, onChange, error }: CronFieldProps) {
  const cron = useDeferredValue(value);
  const result = useMemo(() => reading(cron), [cron]);
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

      <CronPreview cron={value} timeZone={timeZone} />
    </div>
  );
}
