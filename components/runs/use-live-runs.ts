"use client";
// Keeps the Runs view live: joins the rooms of the agents it can list and refreshes the list when a run of one of
// them is queued, starts or ends (chat turns reach their author and admins through their own rooms).
import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { useAgentRooms, useRealtimeEvent } from "@/components/realtime";
import { executionKeys, runKeys } from "@/lib/client/query-keys";
import type { EventPayload } from "@/lib/realtime/events";

export function useLiveRuns(agentNames: readonly string[]) {
  const queryClient = useQueryClient();
  useAgentRooms(agentNames);

  const onExecutionEvent = useCallback(
    (event: EventPayload<"execution_started">) => {
      void queryClient.invalidateQueries({ queryKey: runKeys.all });
      void queryClient.invalidateQueries({ queryKey: executionKeys.detail(event.executionId) });
    },
    [queryClient],
  );

  useRealtimeEvent("execution_queued", onExecutionEvent);
  useRealtimeEvent("execution_started", onExecutionEvent);
  useRealtimeEvent("execution_finished", onExecutionEvent);
}
