"use client";
// Live process pages: a run that changes refreshes its timeline, its process's runs and the list's last run. On a
// run page the rooms of the agents working on its steps are joined too, so an execution starting or ending shows
// at once (the engine's own run event follows when it records the output).
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect } from "react";
import { useRealtimeEvent } from "@/components/realtime";
import { useRealtimeConnection } from "@/components/realtime/realtime-provider";
import { processKeys } from "@/lib/client/processes";
import type { ProcessRunDto } from "@/lib/processes/schemas";
import type { EventPayload } from "@/lib/realtime/events";

export function useLiveProcesses() {
  const queryClient = useQueryClient();
  const onRunChanged = useCallback(
    (event: EventPayload<"process_run_changed">) => {
      void queryClient.invalidateQueries({ queryKey: processKeys.run(event.processRunId) });
      void queryClient.invalidateQueries({ queryKey: processKeys.runs(event.processId) });
      void queryClient.invalidateQueries({ queryKey: processKeys.list() });
    },
    [queryClient],
  );
  useRealtimeEvent("process_run_changed", onRunChanged);
}

/** The agents of the run's steps that are in flight, by name, joined while the run page shows them. */
export function useLiveRunExecutions(run: ProcessRunDto | undefined) {
  const queryClient = useQueryClient();
  const connection = useRealtimeConnection();
  const inFlight = run?.steps.filter((s) => s.status === "running" && s.agentName) ?? [];
  const agents = [...new Set(inFlight.map((s) => s.agentName!))].sort().join(" ");

  useEffect(() => {
    if (!agents) return;
    const leaves = agents.split(" ").map((name) => connection.joinAgent(name));
    return () => {
      for (const leave of leaves) leave();
    };
  }, [agents, connection]);

  const runId = run?.id;
  // A step's execution id is recorded just after its execution starts, so the agent is what is matched.
  const onExecution = (event: EventPayload<"execution_finished">) => {
    if (runId && event.trigger === "process" && agents.split(" ").includes(event.agentName)) {
      void queryClient.invalidateQueries({ queryKey: processKeys.run(runId) });
    }
  };
  useRealtimeEvent("execution_started", onExecution);
  useRealtimeEvent("execution_finished", onExecution);
}
