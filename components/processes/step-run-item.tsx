"use client";
// One step of a run's timeline: its state and times; for an agent task the execution and its output, for an
// approval the question, who may decide, the decisions so far and (for an eligible viewer) the decision form.
import Link from "next/link";
import { Time } from "@/components/app/time";
import { approversText, Deadline } from "@/components/approvals/approval-details";
import { ApprovalStatusBadge } from "@/components/approvals/approval-status-badge";
import { DecisionForm } from "@/components/approvals/decision-form";
import { DecisionsList } from "@/components/approvals/decisions-list";
import { OutputBlock } from "@/components/approvals/output-block";
import { formatDuration } from "@/lib/client/format";
import type { ApprovalDto, StepRunDto } from "@/lib/processes/schemas";
import { StepStatusBadge } from "./status-badges";

const DOT: Record<StepRunDto["status"], string> = {
  running: "bg-indigo-500 ring-indigo-100",
  waiting: "bg-amber-400 ring-amber-100",
  completed: "bg-emerald-500 ring-emerald-100",
  failed: "bg-rose-500 ring-rose-100",
  rejected: "bg-rose-500 ring-rose-100",
  cancelled: "bg-slate-400 ring-slate-100",
  timed_out: "bg-amber-500 ring-amber-100",
};

function Times({ step }: { step: StepRunDto }) {
  const took = step.finishedAt ? Date.parse(step.finishedAt) - Date.parse(step.startedAt) : null;
  return (
    <p className="text-xs text-slate-600">
      Started <Time at={step.startedAt} show="absolute" seconds />
      {step.finishedAt && (
        <>
          {" "}
          · finished <Time at={step.finishedAt} show="absolute" seconds /> · took {formatDuration(took)}
        </>
      )}
    </p>
  );
}

function AgentStep({ step }: { step: StepRunDto }) {
  return (
    <div className="space-y-2">
      <p className="text-sm text-slate-600">
        Agent task on{" "}
        {step.agentName ? (
          <Link
            href={`/agents/${step.agentName}`}
            className="font-mono text-indigo-700 underline underline-offset-2 hover:text-indigo-900"
          >
            {step.agentName}
          </Link>
        ) : (
          "an agent"
        )}
        {step.executionId ? (
          <span className="text-slate-600">
            {" "}
            · execution <code className="text-xs">{step.executionId}</code> in the agent&apos;s executions
          </span>
        ) : (
          step.status === "running" && <span className="text-slate-600"> · starting…</span>
        )}
      </p>
      {(step.output !== null || step.status === "completed") && (
        <OutputBlock label={`Output of ${step.stepId}`} text={step.output} />
      )}
    </div>
  );
}

function ApprovalStep({ approval: a }: { approval: ApprovalDto }) {
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        <p className="text-sm font-medium text-slate-900">{a.title}</p>
        <ApprovalStatusBadge status={a.status} />
      </div>
      <p className="text-sm text-slate-600">
        {a.approveCount} of {a.requiredApprovals} approval{a.requiredApprovals === 1 ? "" : "s"} · approvers:{" "}
        {approversText(a)} · deadline: <Deadline approval={a} />
        {" · "}
        <Link
          href={`/approvals/${a.id}`}
          className="text-indigo-700 underline underline-offset-2 hover:text-indigo-900"
        >
          open in Approvals
        </Link>
      </p>
      <DecisionsList decisions={a.decisions} />
      {a.canDecide && <DecisionForm approval={a} />}
    </div>
  );
}

/** The timeline's marker beside a step (the list draws the line that joins them). */
export function TimelineDot({ className }: { className: string }) {
  return <span aria-hidden className={`absolute top-4 -left-2 size-4 rounded-full ring-4 ${className}`} />;
}

export function StepRunItem({ step }: { step: StepRunDto }) {
  return (
    <li className="relative pl-6">
      <TimelineDot className={DOT[step.status]} />
      <div className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h3 className="font-mono text-sm font-semibold text-slate-900">
            {step.stepId}
            {step.iteration > 1 && (
              <span className="ml-2 font-sans text-xs font-normal text-slate-600">round {step.iteration}</span>
            )}
          </h3>
          <StepStatusBadge status={step.status} />
        </div>
        <Times step={step} />
        <div className="mt-3 space-y-2">
          {step.type === "agent_task" ? (
            <AgentStep step={step} />
          ) : step.approval ? (
            <ApprovalStep approval={step.approval} />
          ) : (
            <p className="text-sm text-slate-600">
              Only its approvers, the person who started the run and admins see this approval.
            </p>
          )}
          {step.error && (
            <p className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-800">
              <span className="font-medium">Error: </span>
              {step.error}
            </p>
          )}
        </div>
      </div>
    </li>
  );
}
