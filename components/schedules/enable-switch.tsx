"use client";
// An on/off switch (role="switch"): its name says what it turns on, aria-checked says whether it is.
interface EnableSwitchProps {
  /** the accessible name, e.g. "Enabled Morning report" */
  label: string;
  checked: boolean;
  onChange: (next: boolean) => void;
  disabled?: boolean;
  /** shown next to the switch */
  children?: React.ReactNode;
}

export function EnableSwitch({ label, checked, onChange, disabled, children }: EnableSwitchProps) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={checked}
      aria-label={label}
      disabled={disabled}
      onClick={() => onChange(!checked)}
      className="group inline-flex items-center gap-2 rounded-full text-sm text-slate-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:opacity-60"
    >
      <span
        aria-hidden
        className={`relative inline-flex h-5 w-9 shrink-0 items-center rounded-full transition-colors ${checked ? "bg-indigo-600" : "bg-slate-300"}`}
      >
        <span
          className={`size-4 rounded-full bg-white shadow transition-transform ${checked ? "translate-x-4.5" : "translate-x-0.5"}`}
        />
      </span>
      {children && <span aria-hidden>{children}</span>}
    </button>
  );
}
