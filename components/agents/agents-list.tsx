"use client";
// Every agent in one table: what it is, what it runs on, and how busy it is right now.
import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useCallback } from "react";
import { buttonClass } from "@/components/app/button";
import { EmptyState, ErrorNotice, LoadingBlock } from "@/components/app/states";
import { useRealtimeEvent } from "@/components/realtime";
import type { AgentDto } from "@/lib/agents/schemas";
import { useAgents } from "@/lib/client/agents";
import { agentKeys } from "@/lib/client/query-keys";
import { AgentStatusBadge } from "./agent-status-badge";
import { RUNTIME_LABELS } from "./runtime-label";

function Activity({ counts }: { counts: AgentDto["counts"] }) {
  if (counts.running + counts.queued === 0) return <span className="text-slate-600">Idle</span>;
  return (
    <span className="text-slate-700">
      {counts.running} running
      {counts.queued > 0 && <span className="text-slate-600"> · {counts.queued} queued</span>}
    </span>
  );
}

export function AgentsList() {
  const agents = useAgents();
  const queryClient = useQueryClient();
  // Running/queued counts change with every execution this person starts or sees finish.
  const refreshCounts = useCallback(() => queryClient.invalidateQueries({ queryKey: agentKeys.list() }), [queryClient]);
  useRealtimeEvent("execution_started", refreshCounts);
  useRealtimeEvent("execution_finished", refreshCounts);

  if (agents.isPending) return <LoadingBlock label="Loading agents…" />;
  if (agents.isError)
    return <ErrorNotice title="Could not load agents" error={agents.error} retry={() => agents.refetch()} />;
  if (agents.data.length === 0) {
    return (
      <EmptyState
        title="No agents yet"
        action={
          <Link href="/agents/new" className={buttonClass("primary")}>
            New agent
          </Link>
        }
      >
        An agent is a workspace with a runtime and a model. Create one, then give it a task or chat with it.
      </EmptyState>
    );
  }

  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="card-table min-w-full divide-y divide-slate-200 text-sm">
        <thead className="bg-slate-50 text-left text-xs font-medium tracking-wide text-slate-600 uppercase">
          <tr>
            <th scope="col" className="px-4 py-3">
              Agent
            </th>
            <th scope="col" className="px-4 py-3">
              Runtime
            </th>
            <th scope="col" className="px-4 py-3">
              Model
            </th>
            <th scope="col" className="px-4 py-3">
              Status
            </th>
            <th scope="col" className="px-4 py-3">
              Activity
            </th>
            <th scope="col" className="px-4 py-3">
              Owner
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {agents.data.map((agent) => (
            <tr key={agent.id} className="align-top hover:bg-slate-50/60">
              <td className="max-w-sm px-4 py-3">
                <Link
                  href={`/agents/${agent.name}`}
                  className="font-medium text-indigo-700 hover:text-indigo-900 hover:underline"
                >
                  {agent.name}
                </Link>
                {agent.description && <p className="mt-0.5 line-clamp-2 text-slate-600">{agent.description}</p>}
              </td>
              <td data-label="Runtime" className="px-4 py-3 whitespace-nowrap text-slate-700">
                {RUNTIME_LABELS[agent.runtime]}
              </td>
              <td data-label="Model" className="px-4 py-3 font-mono text-xs whitespace-nowrap text-slate-700">
                {agent.model}
              </td>
              <td data-label="Status" className="px-4 py-3">
                <AgentStatusBadge status={agent.status} />
              </td>
              <td data-label="Activity" className="px-4 py-3 whitespace-nowrap">
                <Activity counts={agent.counts} />
              </td>
              <td data-label="Owner" className="px-4 py-3 whitespace-nowrap text-slate-600" title={agent.owner.email}>
                {agent.owner.name}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
