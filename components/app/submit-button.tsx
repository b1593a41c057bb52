// A form's primary button that says why it cannot be pressed: while the form has problems it is disabled and the
// reason is written beside it (and read with it, through aria-describedby), never just greyed out.
import { buttonClass } from "./button";

interface SubmitButtonProps {
  id: string;
  label: string;
  pendingLabel: string;
  pending?: boolean;
  /** why it cannot be pressed now; absent or null: it can */
  blockedBy?: string | null;
  /** disabled with no need to say why (nothing changed yet) */
  idle?: boolean;
  className?: string;
}

export function SubmitButton({
  id,
  label,
  pendingLabel,
  pending,
  blockedBy,
  idle,
  className = buttonClass("primary"),
}: SubmitButtonProps) {
  const reasonId = `${id}-reason`;
  const reason = !pending && blockedBy ? blockedBy : null;
  return (
    <>
      {reason && (
        <p id={reasonId} className="text-sm text-slate-600">
          {reason}
        </p>
      )}
      <button
        id={id}
        type="submit"
        className={className}
        disabled={pending || !!reason || idle}
        aria-describedby={reason ? reasonId : undefined}
      >
        {pending ? pendingLabel : label}
      </button>
    </>
  );
}

const list = (items: string[]) =>
  items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;

/**
 * "To create the schedule, fill in Name and Message" / "…, fix Cron expression": what stands between the form and
 * its button, naming the fields (their own messages stay beside them). Null when nothing does.
 */
export function blockedReason(goal: string, problems: { label: string; empty: boolean }[]): string | null {
  if (problems.length === 0) return null;
  const fill = problems.filter((p) => p.empty).map((p) => p.label);
  const fix = problems.filter((p) => !p.empty).map((p) => p.label);
  const parts = [fill.length ? `fill in ${list(fill)}` : "", fix.length ? `fix ${list(fix)}` : ""].filter(Boolean);
  return `To ${goal}, ${parts.join(" and ")}`;
}

/** The problems of a form's check, labelled, with whether each field is still empty. */
export function problemsOf<K extends string>(
  errors: Partial<Record<K, string>>,
  labels: Partial<Record<K, string>>,
  valueFor: (key: K) => unknown,
): { label: string; empty: boolean }[] {
  return (Object.keys(labels) as K[])
    .filter((k) => errors[k])
    .map((k) => {
      const v = valueFor(k);
      return { label: labels[k] ?? k, empty: typeof v === "string" ? v.trim() === "" : v === undefined || v === null };
    });
}
