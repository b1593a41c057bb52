"use client";
// "Run on": a runner name typed or picked from the workers that run agents (a native list of suggestions, read by
// screen readers as a combobox); empty means any runner.
import { Field, inputClass } from "@/components/app/field";
import { useRunnerNames } from "@/lib/client/runners";

interface RunnerFieldProps {
  id: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
}

export function RunnerField({ id, value, onChange, error }: RunnerFieldProps) {
  const names = useRunnerNames();
  const known = names.data ?? [];
  const typed = value.trim();
  const match = known.find((r) => r.name === typed);
  const hint = !typed
    ? "Empty: any runner takes its tasks. Pin it to the runner whose machine holds its workspace."
    : match && !match.alive
      ? `No worker named ${typed} is up now; its tasks wait until one is.`
      : !match && names.isSuccess
        ? `No worker named ${typed} has run agents in the last day; its tasks wait until one starts.`
        : `Only the worker named ${typed} runs its tasks; empty the field to let any runner take them.`;
  return (
    <div>
      <Field id={id} label="Run on" error={error} hint={hint}>
        <input
          className={`${inputClass} font-mono`}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          list={`${id}-suggestions`}
          placeholder="Any runner"
          autoComplete="off"
          spellCheck={false}
        />
      </Field>
      <datalist id={`${id}-suggestions`}>
        {known.map((r) => (
          <option key={r.name} value={r.name} label={r.alive ? `${r.name} (up)` : `${r.name} (not up now)`} />
        ))}
      </datalist>
    </div>
  );
}
