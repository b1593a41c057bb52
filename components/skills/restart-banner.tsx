"use client";
// Shown while a running agent's workspace lags behind its skills: changes apply on the next start, or now with Restart.
import { buttonClass } from "@/components/app/button";
import type { AgentDto } from "@/lib/agents/schemas";
import { errorMessage } from "@/lib/client/api";
import { useRestartAgent } from "@/lib/client/skills";

export function RestartBanner({ agent, canManage }: { agent: AgentDto; canManage: boolean }) {
  const restart = useRestartAgent(agent.name);
  return (
    <div
      role="status"
      className="flex flex-wrap items-center justify-between gap-3 rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900"
    >
      <p>
        <span className="font-medium">Changes apply on the next start.</span> {agent.name} is running with the skills it
        had when it started.
      </p>
      {canManage && (
        <div className="flex items-center gap-3">
          {restart.isError && (
            <span role="alert" className="text-rose-700">
              {errorMessage(restart.error)}
            </span>
          )}
          <button
            type="button"
            className={buttonClass("secondary", "sm")}
            disabled={restart.isPending}
            onClick={() => restart.mutate()}
          >
            {restart.isPending ? "Restarting…" : "Restart"}
          </button>
        </div>
      )}
    </div>
  );
}
