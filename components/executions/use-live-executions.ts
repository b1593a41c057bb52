"use client";
// Joins the agent's live room and refreshes what an execution event changes: the list, that execution, the agent's counts.
import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { useAgentRoom, useRealtimeEvent } from "@/components/realtime";
import { agentKeys, conversationKeys, executionKeys } from "@/lib/client/query-keys";
import type { EventPayload } from "@/lib/realtime/events";

export function useLiveExecutions(agentName: string) {
  const queryClient = useQueryClient();
  useAgentRoom(agentName);

  const onExecutionEvent = useCallback(
    (event: EventPayload<"execution_started">) => {
      if (event.agentName !== agentName) return;
      void queryClient.invalidateQueries({ queryKey: agentKeys.executions(agentName) });
      void queryClient.invalidateQueries({ queryKey: executionKeys.detail(event.executionId) });
      void queryClient.invalidateQueries({ queryKey: agentKeys.detail(agentName) });
      if (event.conversationId) void queryClient.invalidateQueries({ queryKey: conversationKeys.list(agentName) });
    },
    [agentName, queryClient],
  );

  useRealtimeEvent("execution_started", onExecutionEvent);
  useRealtimeEvent("execution_finished", onExecutionEvent);
}
