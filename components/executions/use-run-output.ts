"use client";
// A run's transcript as it grows: what was stored when the page loaded, merged by seq with what arrives live
// (execution_output events), so a reload shows the same and an entry heard twice shows once. A gap (events missed
// while the connection was down) refetches the stored entries.
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useMemo, useState } from "react";
import { useAgentRoom, useRealtimeEvent } from "@/components/realtime";
import { useExecutionOutput } from "@/lib/client/executions";
import { executionKeys } from "@/lib/client/query-keys";
import { mergeEntries, type OutputEntry } from "@/lib/executions/output-entry";
import type { ExecutionDto } from "@/lib/executions/schemas";
import type { EventPayload } from "@/lib/realtime/events";

export function useRunOutput(execution: Pick<ExecutionDto, "id" | "agentName" | "trigger"> | undefined) {
  const queryClient = useQueryClient();
  const id = execution?.id ?? null;
  const stored = useExecutionOutput(id);
  const [live, setLive] = useState<OutputEntry[]>([]);
  // A chat turn's events come to its author's room; any other run's to its agent's room.
  useAgentRoom(execution && execution.trigger !== "chat" ? execution.agentName : null);

  const onOutput = useCallback(
    (event: EventPayload<"execution_output">) => {
      if (event.executionId !== id) return;
      setLive((before) => {
        const known = mergeEntries(stored.data ?? [], before);
        const last = known.at(-1)?.seq ?? 0;
        if (event.entries[0] && event.entries[0].seq > last + 1)
          void queryClient.invalidateQueries({ queryKey: executionKeys.output(id) });
        return mergeEntries(before, event.entries);
      });
    },
    [id, queryClient, stored.data],
  );
  useRealtimeEvent("execution_output", onOutput);

  const onFinished = useCallback(
    (event: EventPayload<"execution_finished">) => {
      if (event.executionId !== id) return;
      void queryClient.invalidateQueries({ queryKey: executionKeys.detail(id) });
      void queryClient.invalidateQueries({ queryKey: executionKeys.output(id) });
    },
    [id, queryClient],
  );
  useRealtimeEvent("execution_started", onFinished);
  useRealtimeEvent("execution_finished", onFinished);

  const entries = useMemo(() => mergeEntries(stored.data ?? [], live), [stored.data, live]);
  return { entries, isPending: stored.isPending, error: stored.error };
}
