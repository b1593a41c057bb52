// A labelled form control with its hint and its error, wired up with aria-describedby.
import { cloneElement, isValidElement, type ReactElement } from "react";

export const inputClass =
  "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm placeholder:text-slate-400 focus:border-indigo-500 focus:outline-2 focus:outline-offset-0 focus:outline-indigo-600 disabled:bg-slate-50 disabled:text-slate-600 aria-invalid:border-rose-400";

/** A list's filter bar: its controls, a notch tighter than a form's, and their labels. */
export const filterInputClass = `${inputClass} py-1.5`;
export const filterLabelClass = "mb-1 block text-xs font-medium text-slate-600";

interface FieldProps {
  id: string;
  label: string;
  hint?: React.ReactNode;
  error?: string;
  /** the single control: input, select or textarea */
  children: ReactElement<{ id?: string; "aria-describedby"?: string; "aria-invalid"?: boolean }>;
  className?: string;
}

export function Field({ id, label, hint, error, children, className }: FieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(" ") || undefined;
  const control = isValidElement(children)
    ? cloneElement(children, { id, "aria-describedby": describedBy, "aria-invalid": error ? true : undefined })
    : children;
  return (
    <div className={className}>
      <label htmlFor={id} className="mb-1.5 block text-sm font-medium text-slate-700">
        {label}
      </label>
      {control}
      {error && (
        <p id={errorId} className="mt-1.5 text-sm text-rose-600">
          {error}
        </p>
      )}
      {hint && !error && (
        <p id={hintId} className="mt-1.5 text-xs text-slate-600">
          {hint}
        </p>
      )}
    </div>
  );
}
