"use client";
// One run in the Runs table: its status (a timer while it runs), what it was asked, where it came from, and Re-run.
import Link from "next/link";
import { buttonClass } from "@/components/app/button";
import { Time } from "@/components/app/time";
import { useClockText } from "@/components/app/use-now";
import { ExecutionStatusBadge } from "@/components/executions/execution-status-badge";
import { formatDuration } from "@/lib/client/format";
import type { RunDto } from "@/lib/executions/schemas";

const firstLine = (text: string) => text.trim().split("\n", 1)[0].slice(0, 160);

/** How long a running run has been going, ticking on the shared clock. */
function Elapsed({ since }: { since: string }) {
  const text = useClockText((now) => formatDuration(Math.max(0, now - Date.parse(since))));
  return (
    <span className="text-sky-800" title="Running for">
      {text ?? "—"}
    </span>
  );
}

function Origin({ run }: { run: RunDto }) {
  return (
    <div className="space-y-0.5">
      <div>
        <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs font-medium text-slate-700">{run.trigger}</span>
        {run.scheduleName && <span className="ml-1.5 text-slate-700">{run.scheduleName}</span>}
      </div>
      {run.retryOfId && (
        <div className="text-xs text-slate-600">
          Retry {run.attempt - 1} of{" "}
          <Link href={`/runs/${run.retryOfId}`} className="text-indigo-700 underline">
            the first attempt
          </Link>{" "}
          ·{" "}
          <Link href={`/runs?retryOf=${encodeURIComponent(run.retryOfId)}`} className="text-indigo-700 underline">
            all attempts
          </Link>
        </div>
      )}
      {run.process && (
        <div className="text-xs text-slate-600">
          Step <span className="font-mono">{run.process.stepId}</span> of{" "}
          <Link href={`/process-runs/${run.process.runId}`} className="text-indigo-700 underline">
            a {run.process.processName} run
          </Link>
        </div>
      )}
    </div>
  );
}

interface Props {
  run: RunDto;
  onRerun: (run: RunDto) => void;
  rerunning: boolean;
}

export function RunRow({ run, onRerun, rerunning }: Props) {
  const summary = firstLine(run.message) || "(empty message)";
  return (
    <tr className="align-top hover:bg-slate-50" data-run-id={run.id}>
      <td data-label="Status" className="px-4 py-2.5 whitespace-nowrap">
        <ExecutionStatusBadge status={run.status} />
      </td>
      <td data-label="Run" className="max-w-xs px-4 py-2.5">
        <Link
          href={`/runs/${run.id}`}
          className="font-medium break-words text-slate-900 hover:text-indigo-700 hover:underline"
        >
          {summary}
        </Link>
      </td>
      <td data-label="Agent" className="px-4 py-2.5">
        <Link href={`/agents/${run.agentName}`} className="text-slate-700 hover:underline">
          {run.agentName}
        </Link>
      </td>
      <td data-label="From" className="px-4 py-2.5">
        <Origin run={run} />
      </td>
      <td data-label="Created" className="px-4 py-2.5 whitespace-nowrap text-slate-600">
        <Time at={run.createdAt} past />
      </td>
      <td data-label="Duration" className="px-4 py-2.5 whitespace-nowrap tabular-nums">
        {run.status === "running" && run.startedAt ? <Elapsed since={run.startedAt} /> : formatDuration(run.durationMs)}
      </td>
      <td className="px-4 py-2.5 text-right">
        {run.trigger !== "chat" && (
          <button
            type="button"
            className={buttonClass("secondary", "sm")}
            disabled={rerunning}
            onClick={() => onRerun(run)}
            aria-label={`Re-run "${summary}" on ${run.agentName}`}
          >
            Re-run
          </button>
        )}
      </td>
    </tr>
  );
}
