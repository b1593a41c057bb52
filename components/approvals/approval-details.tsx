"use client";
// Everything needed to decide: the description, the run's input and earlier outputs, who started it, who may
// decide and by when, the decisions so far, and (for someone who may decide now) Approve / Reject.
import Link from "next/link";
import { Time } from "@/components/app/time";
import { useViewer, type Viewer } from "@/components/app/viewer";
import type { ApprovalDto, Decision } from "@/lib/processes/schemas";
import { DecisionForm } from "./decision-form";
import { decidedWords } from "./decision-words";
import { DecisionsList } from "./decisions-list";
import { DelegateForm } from "./delegate-form";
import { OutputBlock } from "./output-block";

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-slate-600">{label}</dt>
      <dd className="mt-0.5 text-sm text-slate-800">{children}</dd>
    </div>
  );
}

/** Why there is no Approve button, in the viewer's terms. */
function whyNoDecision(a: ApprovalDto, viewer: Viewer): string | null {
  if (a.status !== "pending") return null;
  const mine = a.decisions.find((d) => d.user.id === viewer.userId);
  if (mine) {
    const left = a.requiredApprovals - a.approveCount;
    return `You ${decidedWords(mine.decision)} this${left > 0 ? `; ${left} more approval${left === 1 ? "" : "s"} needed` : ""}.`;
  }
  const forMe = a.decisions.find((d) => d.onBehalfOf?.id === viewer.userId);
  if (forMe) return `${forMe.user.name} ${forMe.decision === "approve" ? "approved" : "rejected"} this for you.`;
  if (a.startedBy?.id === viewer.userId && !a.allowSelfApproval)
    return "You started this run, so someone else must decide.";
  return "You are not one of its approvers.";
}

/** Reminders sent and the next one, and an escalation: who was added, and when (or after how many reminders). */
function Reminders({ approval: a }: { approval: ApprovalDto }) {
  if (a.remindersSent === 0 && !a.nextReminderAt && a.escalateTo.length === 0) return null;
  return (
    <>
      <Fact label="Reminders">
        <span>{a.remindersSent === 0 ? "None sent yet" : `${a.remindersSent} sent`}</span>
        {a.nextReminderAt && (
          <span className="block text-xs text-slate-600">
            next <Time at={a.nextReminderAt} />
          </span>
        )}
      </Fact>
      {a.escalateTo.length > 0 && (
        <Fact label="Escalation">
          {a.escalatedAt ? (
            <>
              Escalated to {a.escalateTo.join(", ")} <Time at={a.escalatedAt} past />
            </>
          ) : (
            `To ${a.escalateTo.join(", ")} if a reminder goes unanswered`
          )}
        </Fact>
      )}
    </>
  );
}

const showValue = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));

export function approversText(a: Pick<ApprovalDto, "approvers">): string {
  return a.approvers.length === 0 ? "Anyone signed in" : a.approvers.join(", ");
}

/** While it is pending, how long is left and what happens then; once decided, when it was. */
export function Deadline({ approval: a }: { approval: Pick<ApprovalDto, "deadlineAt" | "onTimeout" | "status"> }) {
  if (!a.deadlineAt) return <>No deadline</>;
  const then = a.onTimeout === "approve" ? "approved" : "rejected";
  return a.status === "pending" ? (
    <>
      <Time at={a.deadlineAt} />, then {then}
    </>
  ) : (
    <Time at={a.deadlineAt} show="absolute" />
  );
}

export function ApprovalDetails({
  approval: a,
  onDecided,
}: {
  approval: ApprovalDto;
  onDecided?: (decision: Decision) => void;
}) {
  const viewer = useViewer();
  const inputs = Object.entries(a.context.input);
  const outputs = Object.entries(a.context.steps);
  const reason = a.canDecide ? null : whyNoDecision(a, viewer);
  return (
    <div className="space-y-5">
      {a.description && <OutputBlock label="Description" text={a.description} />}

      <dl className="grid gap-x-6 gap-y-3 sm:grid-cols-2 lg:grid-cols-3">
        <Fact label="Process">
          <Link
            href={`/processes/${a.processId}`}
            className="font-mono text-indigo-700 underline underline-offset-2 hover:text-indigo-900"
          >
            {a.processName}
          </Link>{" "}
          ·{" "}
          <Link
            href={`/process-runs/${a.runId}`}
            className="text-indigo-700 underline underline-offset-2 hover:text-indigo-900"
          >
            view run
          </Link>
        </Fact>
        <Fact label="Started by">{a.startedBy ? `${a.startedBy.name} (${a.startedBy.email})` : "—"}</Fact>
        <Fact label="Asked">
          <Time at={a.createdAt} past />
        </Fact>
        <Fact label="Approvers">{approversText(a)}</Fact>
        <Fact label="Needs">
          {a.approveCount} of {a.requiredApprovals} approval{a.requiredApprovals === 1 ? "" : "s"}
          {!a.allowSelfApproval && (
            <span className="block text-xs text-slate-600">Not the person who started the run</span>
          )}
        </Fact>
        <Fact label="Deadline">
          <Deadline approval={a} />
        </Fact>
        <Reminders approval={a} />
      </dl>

      <div className="space-y-3">
        <h3 className="text-sm font-semibold text-slate-900">Input</h3>
        {inputs.length === 0 ? (
          <p className="text-sm text-slate-600">The run was started without input.</p>
        ) : (
          <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
            {inputs.map(([key, value]) => (
              <div key={key} className="contents">
                <dt className="font-mono text-xs text-slate-600 sm:pt-0.5">{key}</dt>
                <dd className="break-words whitespace-pre-wrap text-slate-800">{showValue(value)}</dd>
              </div>
            ))}
          </dl>
        )}
        {outputs.length > 0 && (
          <>
            <h3 className="text-sm font-semibold text-slate-900">Earlier outputs</h3>
            {outputs.map(([step, { output }]) => (
              <OutputBlock key={step} label={`Output of ${step}`} text={output} />
            ))}
          </>
        )}
      </div>

      <div className="space-y-2">
        <h3 className="text-sm font-semibold text-slate-900">Decisions</h3>
        <DecisionsList decisions={a.decisions} />
      </div>

      {a.decidingFor && (
        <p className="text-sm text-slate-700">
          You decide for {a.decidingFor.name} ({a.decidingFor.email}), who delegated this to you.
        </p>
      )}
      {a.canDecide ? (
        <DecisionForm approval={a} onDecided={onDecided} />
      ) : (
        reason && <p className="text-sm text-slate-600">{reason}</p>
      )}
      {a.canDelegate && <DelegateForm approvalId={a.id} />}
    </div>
  );
}
