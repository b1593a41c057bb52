"use client";
// The edit page: loads the agent, says so plainly when this person may not change it, else shows the form.
import Link from "next/link";
import { buttonClass } from "@/components/app/button";
import { PageHeader } from "@/components/app/page-header";
import { EmptyState, LoadingBlock } from "@/components/app/states";
import { canEditAgent, useViewer } from "@/components/app/viewer";
import { useAgent } from "@/lib/client/agents";
import { AgentForm } from "./agent-form";
import { AgentLoadError } from "./agent-load-error";

export function EditAgent({ name, isAdmin }: { name: string; isAdmin: boolean }) {
  const viewer = useViewer();
  const agent = useAgent(name);

  if (agent.isPending) return <LoadingBlock label="Loading agent…" />;
  if (agent.isError) return <AgentLoadError name={name} error={agent.error} retry={() => agent.refetch()} />;

  return (
    <div className="mx-auto max-w-2xl">
      <PageHeader
        title={`Edit ${name}`}
        description="Changes apply to the next task; running tasks keep their settings."
      />
      {canEditAgent(viewer, agent.data) ? (
        <AgentForm mode="edit" agent={agent.data} isAdmin={isAdmin} />
      ) : (
        <EmptyState
          title="You can't edit this agent"
          action={
            <Link href={`/agents/${name}`} className={buttonClass("secondary")}>
              Back to {name}
            </Link>
          }
        >
          {agent.data.runtime === "command"
            ? "It runs a program on the server, so only admins may change it."
            : `Only its owner (${agent.data.owner.name}) or an admin may change it.`}
        </EmptyState>
      )}
    </div>
  );
}
