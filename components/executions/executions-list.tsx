"use client";
import { useState } from "react";
import { LoadMore } from "@/components/app/load-more";
import { EmptyState, ErrorNotice, LoadingBlock } from "@/components/app/states";
// The agent's executions, newest first, filterable by status, a page at a time; rows open for the full record.
import { useToggleSet } from "@/components/app/use-toggle-set";
import { useAgentExecutions } from "@/lib/client/executions";
import type { ExecutionStatus } from "@/lib/executions/schemas";
import { ExecutionRow } from "./execution-row";
import { executionStatusLabel } from "./execution-status-badge";
import { StatusFilter } from "./status-filter";

export function ExecutionsList({ agentName, highlightId }: { agentName: string; highlightId?: string | null }) {
  const [status, setStatus] = useState<ExecutionStatus | "">("");
  const { open: expanded, toggle } = useToggleSet();
  const query = useAgentExecutions(agentName, status ? { status } : {});
  const executions = query.data?.pages.flatMap((p) => p.executions) ?? [];

  return (
    <section aria-labelledby="executions-heading" className="space-y-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h2 id="executions-heading" className="text-base font-semibold text-slate-900">
          Executions
        </h2>
        <StatusFilter id="execution-status-filter" label="Show" value={status} onChange={setStatus} />
      </div>

      {query.isPending ? (
        <LoadingBlock label="Loading executions…" />
      ) : !query.data ? (
        <ErrorNotice title="Could not load executions" error={query.error} retry={() => query.refetch()} />
      ) : executions.length === 0 ? (
        <EmptyState
          title={status ? `No ${executionStatusLabel(status).toLowerCase()} executions` : "No executions yet"}
        >
          {status
            ? "Choose another status to see more."
            : "Run a task above; its result shows up here as soon as it is done."}
        </EmptyState>
      ) : (
        <>
          <ul className="divide-y divide-slate-100 overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
            {executions.map((e) => (
              <ExecutionRow
                key={e.id}
                execution={e}
                expanded={expanded.has(e.id)}
                highlighted={e.id === highlightId}
                onToggle={() => toggle(e.id)}
              />
            ))}
          </ul>
          {/* A failed refresh or "load more" keeps what is already shown. */}
          {query.isError && <ErrorNotice title="Could not refresh the list" error={query.error} />}
          <LoadMore query={query} />
        </>
      )}
    </section>
  );
}
