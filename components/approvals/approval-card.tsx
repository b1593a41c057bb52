"use client";
// One approval in the inbox: what is asked, of which process, by whom and until when; it opens in place to show the
// context and the decision form.
import { ExpandChevron } from "@/components/app/expand-chevron";
import { Time } from "@/components/app/time";
import type { ApprovalDto, Decision } from "@/lib/processes/schemas";
import { ApprovalDetails, Deadline } from "./approval-details";
import { ApprovalStatusBadge } from "./approval-status-badge";

interface Props {
  approval: ApprovalDto;
  open: boolean;
  onToggle: () => void;
  onDecided: (decision: Decision) => void;
}

export function ApprovalCard({ approval: a, open, onToggle, onDecided }: Props) {
  const detailsId = `approval-${a.id}-details`;
  const titleId = `approval-${a.id}-title`;
  return (
    <li
      aria-labelledby={titleId}
      className={`rounded-lg border bg-white shadow-sm transition-colors ${a.canDecide ? "border-amber-300" : "border-slate-200"}`}
    >
      <div className="flex flex-wrap items-start justify-between gap-3 p-4">
        <div className="min-w-0">
          <p className="font-mono text-xs text-slate-600">
            {a.processName} · {a.stepId}
          </p>
          <h2 id={titleId} className="mt-0.5 text-base font-semibold text-slate-900">
            {a.title}
          </h2>
          <p className="mt-1 text-sm text-slate-600">
            {a.startedBy ? `Started by ${a.startedBy.name}` : "Started by someone no longer here"} ·{" "}
            <Time at={a.createdAt} past prefix="asked" />
            {a.deadlineAt && (
              <>
                {" "}
                · deadline <Deadline approval={a} />
              </>
            )}
          </p>
        </div>
        <div className="flex items-center gap-3">
          <span className="text-sm text-slate-600 tabular-nums">
            {a.approveCount}/{a.requiredApprovals}
            <span className="sr-only"> approvals</span>
          </span>
          <ApprovalStatusBadge status={a.status} />
          <button
            type="button"
            aria-expanded={open}
            aria-controls={detailsId}
            onClick={onToggle}
            className="inline-flex items-center gap-1 rounded-md px-2 py-1 text-sm font-medium text-indigo-700 hover:bg-indigo-50 focus-visible:outline-2 focus-visible:outline-indigo-600"
          >
            {open ? "Close" : a.canDecide ? "Review" : "Open"}
            <span className="sr-only"> {a.title}</span>
            <ExpandChevron open={open} />
          </button>
        </div>
      </div>
      <div id={detailsId} hidden={!open} className="border-t border-slate-100 p-4">
        {open && <ApprovalDetails approval={a} onDecided={onDecided} />}
      </div>
    </li>
  );
}
