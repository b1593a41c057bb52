"use client";
// One execution in the list: its outcome at a glance; the whole row opens the full record.
import { ExpandChevron } from "@/components/app/expand-chevron";
import { Time } from "@/components/app/time";
import { formatCost, formatDuration } from "@/lib/client/format";
import type { ExecutionDto } from "@/lib/executions/schemas";
import { formatAbsolute } from "@/lib/time/format";
import { ExecutionDetails } from "./execution-details";
import { ExecutionStatusBadge, executionStatusLabel } from "./execution-status-badge";

const firstLine = (text: string) => text.trim().split("\n", 1)[0].slice(0, 300);

/** What came back, or where the execution is. The task itself shows once the row is opened. */
function Outcome({ execution: e }: { execution: ExecutionDto }) {
  if (e.status === "queued") return <span className="text-slate-600 italic">Waiting in the queue…</span>;
  if (e.status === "running") return <span className="text-slate-600 italic">Working on it…</span>;
  if (e.response) return <span className="text-slate-800">{firstLine(e.response)}</span>;
  if (e.error) return <span className="text-rose-700">{firstLine(e.error)}</span>;
  return <span className="text-slate-600 italic">No output</span>;
}

interface ExecutionRowProps {
  execution: ExecutionDto;
  expanded: boolean;
  highlighted?: boolean;
  onToggle: () => void;
}

export function ExecutionRow({ execution: e, expanded, highlighted, onToggle }: ExecutionRowProps) {
  const detailsId = `execution-${e.id}`;
  return (
    <li className={`transition-colors ${highlighted ? "bg-indigo-50/60" : ""}`}>
      <div className="relative flex flex-wrap items-center gap-x-4 gap-y-1 px-4 py-3 hover:bg-slate-50">
        <ExecutionStatusBadge status={e.status} />
        <div className="min-w-0 flex-1 truncate text-sm">
          {expanded ? <span className="text-slate-600">Details below</span> : <Outcome execution={e} />}
        </div>
        <div className="flex items-center gap-4 text-xs text-slate-600">
          <span className="rounded bg-slate-100 px-1.5 py-0.5 font-medium text-slate-600">{e.trigger}</span>
          <span className="hidden font-mono sm:inline">{e.model ?? "—"}</span>
          <Time at={e.startedAt ?? e.createdAt} past />
          <span className="w-16 text-right tabular-nums">{formatDuration(e.durationMs)}</span>
          <span className="w-14 text-right tabular-nums">{formatCost(e.costUsd)}</span>
        </div>
        {/* The button's area covers the whole row, so a click anywhere opens it. */}
        <button
          type="button"
          aria-expanded={expanded}
          aria-controls={detailsId}
          onClick={onToggle}
          className="rounded-sm text-slate-600 after:absolute after:inset-0 hover:text-slate-700"
        >
          <span className="sr-only">
            Details of the {executionStatusLabel(e.status).toLowerCase()} execution from {formatAbsolute(e.createdAt)}
          </span>
          <ExpandChevron open={expanded} />
        </button>
      </div>
      <div id={detailsId} hidden={!expanded}>
        {expanded && <ExecutionDetails execution={e} />}
      </div>
    </li>
  );
}
