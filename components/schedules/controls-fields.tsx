"use client";
// The schedule form's controls block: jitter, the start/end window and auto-pause, each with a plain help line.
import { Field, inputClass } from "@/components/app/field";
import type { ControlsErrors, ControlsValues } from "./controls-form-state";

interface ControlsFieldsProps {
  values: ControlsValues;
  errors: ControlsErrors;
  onChange: (key: keyof ControlsValues, value: string) => void;
}

export function ControlsFields({ values, errors, onChange }: ControlsFieldsProps) {
  const input = (key: keyof ControlsValues, type: "number" | "datetime-local", extra: Record<string, unknown> = {}) => (
    <input
      className={inputClass}
      type={type}
      value={values[key]}
      onChange={(e) => onChange(key, e.target.value)}
      {...(type === "number" ? { inputMode: "numeric" as const } : {})}
      {...extra}
    />
  );
  return (
    <fieldset className="grid gap-6 sm:grid-cols-2">
      <legend className="mb-3 text-sm font-semibold text-slate-900">Controls</legend>
      <Field
        id="schedule-start"
        label="Start"
        error={errors.startAt}
        hint="No runs before this time (your clock). Empty: from now on."
      >
        {input("startAt", "datetime-local")}
      </Field>
      <Field id="schedule-end" label="End" error={errors.endAt} hint="No runs after this time. Empty: it never ends.">
        {input("endAt", "datetime-local")}
      </Field>
      <Field
        id="schedule-jitter"
        label="Jitter (seconds)"
        error={errors.jitterSeconds}
        hint="Each run starts up to this many seconds after its time, the same delay for the same time (0–3600)."
      >
        {input("jitterSeconds", "number", { min: 0, max: 3600 })}
      </Field>
      <Field
        id="schedule-auto-pause"
        label="Auto-pause after failures"
        error={errors.autoPauseAfterFailures}
        hint="Pause the schedule after this many failed runs in a row (1–100). Empty: never."
      >
        {input("autoPauseAfterFailures", "number", { min: 1, max: 100, placeholder: "Off" })}
      </Field>
    </fieldset>
  );
}
