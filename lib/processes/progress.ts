// Where a run goes next, read only from its definition and step runs (the database), so any worker at any time —
// after an event, a sweep or a restart — reaches the same answer. A new visit of a step gets the next iteration.
import type { ProcessDefinition, ProcessStep } from "./schemas";
import type { TemplateContext } from "./templates";

export interface StepRunState {
  stepId: string;
  iteration: number;
  status: string;
  output: string | null;
  error?: string | null;
  approval?: { onTimeout: string; comment?: string | null } | null;
}

export type NextAction =
  | { kind: "start"; step: ProcessStep; iteration: number }
  /** the current step is still going (an execution in flight, an approval pending) */
  | { kind: "wait"; current: StepRunState }
  | { kind: "complete" }
  | { kind: "fail"; error: string }
  | { kind: "cancel"; reason: string };

/** The latest visit of each step. */
function latestByStep(stepRuns: StepRunState[]): Map<string, StepRunState> {
  const latest = new Map<string, StepRunState>();
  for (const s of stepRuns) {
    const seen = latest.get(s.stepId);
    if (!seen || s.iteration > seen.iteration) latest.set(s.stepId, s);
  }
  return latest;
}

function visit(def: ProcessDefinition, index: number, latest: Map<string, StepRunState>): NextAction {
  if (index >= def.steps.length) return { kind: "complete" };
  const step = def.steps[index];
  return { kind: "start", step, iteration: (latest.get(step.id)?.iteration ?? 0) + 1 };
}

/** approve or reject for a decided approval step; a timeout counts as its on_timeout. */
export function approvalOutcome(s: StepRunState): "approve" | "reject" | null {
  if (s.status === "completed") return "approve";
  if (s.status === "rejected") return "reject";
  if (s.status === "timed_out") return s.approval?.onTimeout === "approve" ? "approve" : "reject";
  return null;
}

export function nextAction(def: ProcessDefinition, currentStepId: string | null, stepRuns: StepRunState[]): NextAction {
  const latest = latestByStep(stepRuns);
  if (currentStepId === null) return visit(def, 0, latest);
  const index = def.steps.findIndex((s) => s.id === currentStepId);
  const current = latest.get(currentStepId);
  if (index < 0 || !current) return { kind: "fail", error: `step "${currentStepId}" is not in the run's definition` };
  const step = def.steps[index];
  if (current.status === "running" || current.status === "waiting") return { kind: "wait", current };
  if (current.status === "failed")
    return { kind: "fail", error: `step "${step.id}" failed: ${current.error ?? "no reason given"}` };
  if (current.status === "cancelled") return { kind: "cancel", reason: `step "${step.id}" was cancelled` };
  if (step.type === "agent_task") return visit(def, index + 1, latest);
  if (approvalOutcome(current) === "approve") return visit(def, index + 1, latest);
  const target = step.on_reject;
  if (!target || target === "cancel")
    return {
      kind: "cancel",
      reason: `"${step.title}" was ${current.status === "timed_out" ? "timed out" : "rejected"}`,
    };
  const targetIndex = def.steps.findIndex((s) => s.id === target);
  if (targetIndex < 0) return { kind: "fail", error: `on_reject names unknown step "${target}"` };
  return visit(def, targetIndex, latest);
}

/**
 * Input and the latest output of every step so far (and of an approval step, its deciding comment): what templates and
 * an approval's context see.
 */
export function contextOf(input: Record<string, unknown>, stepRuns: StepRunState[]): TemplateContext {
  const steps: TemplateContext["steps"] = {};
  for (const [id, s] of latestByStep(stepRuns))
    steps[id] = s.approval?.comment ? { output: s.output, comment: s.approval.comment } : { output: s.output };
  return { input, steps };
}
