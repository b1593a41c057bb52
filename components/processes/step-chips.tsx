// A definition's steps in order, each named by its id with what it does (the agent, or "approval").
import type { ProcessStepSummary } from "@/lib/processes/schemas";

export function StepChips({ steps }: { steps: ProcessStepSummary[] }) {
  return (
    <ol aria-label="Steps" className="flex flex-wrap items-center gap-1">
      {steps.map((s, i) => (
        <li key={s.id} className="flex items-center gap-1">
          {i > 0 && (
            <span aria-hidden className="text-slate-600">
              →
            </span>
          )}
          <span
            title={s.label}
            className={`rounded px-1.5 py-0.5 font-mono text-xs ${s.type === "human_approval" ? "bg-amber-50 text-amber-800" : "bg-slate-100 text-slate-700"}`}
          >
            {s.id}
            <span className="sr-only">{s.type === "human_approval" ? " (approval)" : ` (agent ${s.label})`}</span>
          </span>
        </li>
      ))}
    </ol>
  );
}
