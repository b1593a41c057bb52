"use client";
// Joins the agent's live room; a run queued, starting or ending, or a schedule changing, refreshes what is cached of its
// schedules (their runs going decide whether Run Now is open).
import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { useAgentRoom, useRealtimeEvent } from "@/components/realtime";
import { scheduleKeys } from "@/lib/client/query-keys";

export function useLiveSchedules(agentName: string) {
  const queryClient = useQueryClient();
  useAgentRoom(agentName);

  const refresh = useCallback(
    (event: { agentName: string }) => {
      if (event.agentName !== agentName) return;
      void queryClient.invalidateQueries({ queryKey: scheduleKeys.agent(agentName) });
    },
    [agentName, queryClient],
  );

  useRealtimeEvent("execution_queued", refresh);
  useRealtimeEvent("execution_started", refresh);
  useRealtimeEvent("execution_finished", refresh);
  useRealtimeEvent("schedule_changed", refresh);
}
