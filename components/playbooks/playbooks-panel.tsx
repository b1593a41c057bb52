"use client";
// The agent page's Playbooks tab: the skills people can run on this agent, and the runs started that way.
import { useState } from "react";
import { EmptyState, ErrorNotice, LoadingBlock } from "@/components/app/states";
import { useToggleSet } from "@/components/app/use-toggle-set";
import { ExecutionRow } from "@/components/executions/execution-row";
import type { AgentDto } from "@/lib/agents/schemas";
import { useAgentExecutions } from "@/lib/client/executions";
import { usePlaybooks } from "@/lib/client/skills";
import { PlaybookCard } from "./playbook-card";

/** The id of the notice a stopped agent's Run buttons point to (aria-describedby). */
const STOPPED_NOTICE = "playbooks-agent-stopped";

function PlaybookRuns({ agentName }: { agentName: string }) {
  const runs = useAgentExecutions(agentName, { trigger: "playbook" });
  const { open, toggle } = useToggleSet();
  const [showAll, setShowAll] = useState(false);
  const executions = runs.data?.pages.flatMap((p) => p.executions) ?? [];
  const shown = showAll ? executions : executions.slice(0, 5);
  return (
    <section aria-labelledby="playbook-runs-heading" className="space-y-3">
      <h2 id="playbook-runs-heading" className="text-base font-semibold text-slate-900">
        Recent playbook runs
      </h2>
      {runs.isPending ? (
        <LoadingBlock label="Loading playbook runs…" rows={2} />
      ) : !runs.data ? (
        <ErrorNotice title="Could not load playbook runs" error={runs.error} retry={() => runs.refetch()} />
      ) : executions.length === 0 ? (
        <p className="text-sm text-slate-600">None yet.</p>
      ) : (
        <>
          <ul className="divide-y divide-slate-100 overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm">
            {shown.map((e) => (
              <ExecutionRow key={e.id} execution={e} expanded={open.has(e.id)} onToggle={() => toggle(e.id)} />
            ))}
          </ul>
          {executions.length > shown.length && (
            <button
              type="button"
              className="text-sm font-medium text-indigo-700 hover:underline"
              onClick={() => setShowAll(true)}
            >
              Show all {executions.length}
            </button>
          )}
        </>
      )}
    </section>
  );
}

export function PlaybooksPanel({ agent }: { agent: AgentDto }) {
  const playbooks = usePlaybooks(agent.name);
  if (playbooks.isPending) return <LoadingBlock label="Loading playbooks…" />;
  if (playbooks.isError)
    return <ErrorNotice title="Could not load playbooks" error={playbooks.error} retry={() => playbooks.refetch()} />;

  return (
    <div className="space-y-8">
      <section aria-labelledby="playbooks-heading" className="space-y-3">
        <div>
          <h2 id="playbooks-heading" className="text-base font-semibold text-slate-900">
            Playbooks
          </h2>
          <p className="text-sm text-slate-600">
            Skills of {agent.name} you can run in one click. In Chat, type <kbd className="font-mono">/</kbd> to use
            them with your own words.
          </p>
        </div>
        {agent.status === "stopped" && (
          <p id={STOPPED_NOTICE} className="text-sm text-amber-700">
            This agent is stopped: start it to run its playbooks.
          </p>
        )}
        {playbooks.data.length === 0 ? (
          <EmptyState title="No playbooks yet">
            Playbooks are the skills assigned to this agent that people may run. Its owner or an admin assigns them in
            the Skills tab.
          </EmptyState>
        ) : (
          <ul className="grid gap-4 sm:grid-cols-2">
            {playbooks.data.map((p) => (
              <PlaybookCard
                key={p.name}
                agentName={agent.name}
                playbook={p}
                stoppedNotice={agent.status === "stopped" ? STOPPED_NOTICE : null}
              />
            ))}
          </ul>
        )}
      </section>
      <PlaybookRuns agentName={agent.name} />
    </div>
  );
}
