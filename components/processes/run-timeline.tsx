"use client";
import { isRunActive } from "@/lib/client/processes";
// A run's steps in the order they started (a step sent back to by on_reject shows again, as its next round), then
// the definition's steps still ahead of it.
import type { ProcessRunDto, ProcessStepSummary } from "@/lib/processes/schemas";
import { StepRunItem, TimelineDot } from "./step-run-item";

/** The definition's steps after the current one (all of them before the first step starts). */
function stepsAhead(run: ProcessRunDto): ProcessStepSummary[] {
  if (run.status === "completed") return [];
  const at = run.definitionSteps.findIndex((s) => s.id === run.currentStepId);
  return run.definitionSteps.slice(at + 1);
}

function AheadItem({ step, active }: { step: ProcessStepSummary; active: boolean }) {
  return (
    <li className="relative pl-6">
      <TimelineDot className="bg-white ring-slate-200" />
      <div className="rounded-lg border border-dashed border-slate-300 px-4 py-3">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h3 className="font-mono text-sm font-semibold text-slate-600">{step.id}</h3>
          <span className="text-xs text-slate-600">{active ? "Not started yet" : "Not run"}</span>
        </div>
        <p className="text-sm text-slate-600">
          {step.type === "agent_task" ? `Agent task on ${step.label}` : `Approval: ${step.label}`}
        </p>
      </div>
    </li>
  );
}

export function RunTimeline({ run }: { run: ProcessRunDto }) {
  const ahead = stepsAhead(run);
  const active = isRunActive(run.status);
  return (
    <ol aria-label="Steps of the run" className="ml-2 space-y-4 border-l-2 border-slate-200 py-1">
      {run.steps.map((step) => (
        <StepRunItem key={step.id} step={step} />
      ))}
      {ahead.map((step) => (
        <AheadItem key={step.id} step={step} active={active} />
      ))}
    </ol>
  );
}
