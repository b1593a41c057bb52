"use client";
// Start/Stop, Edit and Delete, for the people allowed to use them.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { buttonClass } from "@/components/app/button";
import { DeleteButton } from "@/components/app/delete-button";
import { canEditAgent, canManageAgent, useViewer } from "@/components/app/viewer";
import type { AgentDto } from "@/lib/agents/schemas";
import { useAgentPower, useDeleteAgent } from "@/lib/client/agents";
import { errorMessage } from "@/lib/client/api";

export function AgentActions({ agent }: { agent: AgentDto }) {
  const viewer = useViewer();
  const router = useRouter();
  const power = useAgentPower(agent.name);
  const remove = useDeleteAgent(agent.name);

  if (!canManageAgent(viewer, agent)) return null;
  const running = agent.status === "running";

  return (
    <>
      {power.isError && (
        <span role="alert" className="text-sm text-rose-700">
          {errorMessage(power.error)}
        </span>
      )}
      <button
        type="button"
        className={buttonClass(running ? "secondary" : "primary")}
        disabled={power.isPending}
        onClick={() => power.mutate(running ? "stop" : "start")}
      >
        {running ? "Stop" : "Start"}
      </button>
      {canEditAgent(viewer, agent) && (
        <Link href={`/agents/${agent.name}/edit`} className={buttonClass("secondary")}>
          Edit
        </Link>
      )}
      <DeleteButton
        what="agent"
        name={agent.name}
        mutation={remove}
        onConfirm={(close) =>
          remove.mutate(undefined, {
            onSuccess: () => {
              close();
              router.push("/agents");
            },
          })
        }
      >
        Its executions, conversations and workspace folder are removed for good. This cannot be undone.
      </DeleteButton>
    </>
  );
}
