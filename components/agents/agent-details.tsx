// The agent's settings at a glance.
import { Time } from "@/components/app/time";
import type { AgentDto } from "@/lib/agents/schemas";
import { RunsOn } from "./runs-on";
import { RUNTIME_LABELS } from "./runtime-label";

export function AgentDetails({ agent }: { agent: AgentDto }) {
  const rows: [string, React.ReactNode][] = [
    ["Runtime", RUNTIME_LABELS[agent.runtime]],
    ["Default model", <span className="font-mono">{agent.model}</span>],
    ...(agent.command
      ? ([["Command", <code className="font-mono break-all">{agent.command}</code>]] as [string, React.ReactNode][])
      : []),
    ["Concurrency", `${agent.concurrencyLimit} at a time`],
    ["Timeout", `${agent.timeoutSeconds} s`],
    ["Runs on", <RunsOn runnerName={agent.runnerName} />],
    ["Now", `${agent.counts.running} running, ${agent.counts.queued} queued`],
    ["Owner", <span title={agent.owner.email}>{agent.owner.name}</span>],
    // The server's command line and paths come only to the agent's owner and admins.
    ...(agent.workspaceDir
      ? ([["Workspace", <code className="font-mono text-xs break-all">{agent.workspaceDir}</code>]] as [
          string,
          React.ReactNode,
        ][])
      : []),
    ["Started", agent.status === "running" ? <Time at={agent.startedAt} past /> : "Stopped"],
    ["Created", <Time at={agent.createdAt} show="absolute" />],
  ];
  return (
    <section
      aria-labelledby="agent-details-heading"
      className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
    >
      <h2 id="agent-details-heading" className="text-base font-semibold text-slate-900">
        Details
      </h2>
      <dl className="mt-4 space-y-3 text-sm">
        {rows.map(([label, value]) => (
          <div key={label} className="grid grid-cols-3 gap-2">
            <dt className="text-slate-600">{label}</dt>
            <dd className="col-span-2 text-slate-800">{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
