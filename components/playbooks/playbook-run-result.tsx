"use client";
import { ErrorNotice } from "@/components/app/states";
// The run a playbook card started: its state while it runs, then what came back. Updates live with the agent's room.
import { ExecutionStatusBadge } from "@/components/executions/execution-status-badge";
import { isPending, useExecution } from "@/lib/client/executions";
import { formatDuration } from "@/lib/client/format";

export function PlaybookRunResult({ id, playbook }: { id: string; playbook: string }) {
  const execution = useExecution(id);
  if (execution.isError)
    return <ErrorNotice title="Could not load the run" error={execution.error} retry={() => execution.refetch()} />;
  const e = execution.data;
  const label = `Latest run of ${playbook}`;
  return (
    <div role="group" aria-label={label} className="space-y-2 rounded-md border border-slate-200 bg-slate-50/60 p-3">
      <p className="flex flex-wrap items-center gap-2 text-sm text-slate-600" aria-live="polite">
        {e ? <ExecutionStatusBadge status={e.status} /> : <span>Starting…</span>}
        {e?.status === "queued" && <span>Waiting for a free slot…</span>}
        {e?.status === "running" && <span>Working on it…</span>}
        {e && !isPending(e) && e.durationMs != null && <span>after {formatDuration(e.durationMs)}</span>}
      </p>
      {e && !isPending(e) && (e.response || e.error) && (
        <pre
          tabIndex={0}
          aria-label={e.response ? `Result of ${playbook}` : `Error of ${playbook}`}
          className={`max-h-72 overflow-auto rounded-md border p-3 font-mono text-xs leading-relaxed whitespace-pre-wrap break-words ${
            e.response ? "border-slate-200 bg-white text-slate-800" : "border-rose-200 bg-rose-50 text-rose-900"
          }`}
        >
          {e.response || e.error}
        </pre>
      )}
    </div>
  );
}
