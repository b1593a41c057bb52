"use client";
// A field per argument a playbook's hint names (`<name>` required, `[name]` optional). The submit button stays off,
// saying why, until every required one is filled; the values go out as the text after `/name`, quoted as needed.
import { useId, useState } from "react";
import { buttonClass } from "@/components/app/button";
import { inputClass } from "@/components/app/field";
import { argumentValues, type HintArgument, joinArguments } from "@/lib/skills/arguments";

interface PlaybookArgumentsFormProps {
  playbook: { name: string; arguments: HintArgument[] };
  /** arguments already given (what followed `/name` in the chat), to start the fields with */
  initialArgs?: string;
  submitLabel: string;
  /** read by screen readers after the label, e.g. "ticket with these arguments" */
  submitDescription?: string;
  busy?: boolean;
  /** the id of a notice saying why it cannot run at all (the agent is stopped) */
  blockedBy?: string | null;
  autoFocus?: boolean;
  onSubmit: (args: string) => void;
  onCancel?: () => void;
}

export function PlaybookArgumentsForm(props: PlaybookArgumentsFormProps) {
  const { playbook, submitLabel, submitDescription, busy, blockedBy, autoFocus, onSubmit, onCancel } = props;
  const formId = useId();
  const [values, setValues] = useState<string[]>(() =>
    argumentValues(props.initialArgs ?? "", playbook.arguments.length),
  );
  const missing = playbook.arguments.filter((a, i) => a.required && !values[i]?.trim());
  const reasonId = `${formId}-missing`;
  const firstEmpty = playbook.arguments.findIndex((_, i) => !values[i]?.trim());
  const describedBy = [missing.length > 0 ? reasonId : null, blockedBy].filter(Boolean).join(" ") || undefined;

  return (
    <form
      className="space-y-3"
      aria-label={`Arguments for ${playbook.name}`}
      onSubmit={(e) => {
        e.preventDefault();
        if (missing.length === 0 && !busy && !blockedBy) onSubmit(joinArguments(values));
      }}
    >
      {playbook.arguments.map((arg, i) => {
        const id = `${formId}-arg-${i}`;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: an argument is its position in the hint, and the hint does not change while the form is open
          <div key={`${arg.name}-${i}`}>
            <label htmlFor={id} className="mb-1 block text-sm font-medium text-slate-700">
              <span className="font-mono">{arg.name}</span>
              <span className="ml-1.5 text-xs font-normal text-slate-600">
                {arg.required ? "required" : "optional"}
              </span>
            </label>
            <input
              id={id}
              className={inputClass}
              value={values[i] ?? ""}
              required={arg.required}
              autoComplete="off"
              // The first field still to fill takes focus when the form is opened to ask for it.
              autoFocus={autoFocus && i === Math.max(0, firstEmpty)}
              onChange={(e) => setValues((old) => old.map((v, j) => (j === i ? e.target.value : v)))}
              onKeyDown={(e) => {
                if (e.key === "Escape" && onCancel) {
                  e.preventDefault();
                  onCancel();
                }
              }}
            />
          </div>
        );
      })}
      {missing.length > 0 && (
        <p id={reasonId} className="text-xs text-slate-600">
          Fill in {missing.map((a) => a.name).join(", ")} to run {playbook.name}.
        </p>
      )}
      <div className="flex gap-2">
        <button
          type="submit"
          className={buttonClass("primary", "sm")}
          disabled={busy || missing.length > 0 || Boolean(blockedBy)}
          aria-describedby={describedBy}
        >
          {busy ? "Starting…" : submitLabel}
          {submitDescription && <span className="sr-only"> {submitDescription}</span>}
        </button>
        {onCancel && (
          <button type="button" className={buttonClass("ghost", "sm")} onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
