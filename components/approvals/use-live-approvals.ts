"use client";
// Keeps every cached approval fresh: a new approval, a decision, or a run pausing or being cancelled (a colleague's
// partial decision only announces the run) refreshes the inbox, the badge's count and the run's timeline.
// A reminder (or an escalation to this person) refreshes them too and is kept for the nav's toast until dismissed.
// Mounted once, by the nav badge, which every signed-in page shows.
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import { useRealtimeEvent } from "@/components/realtime";
import { approvalKeys } from "@/lib/client/approvals";
import { processKeys } from "@/lib/client/processes";
import type { EventPayload } from "@/lib/realtime/events";

export function useLiveApprovals() {
  const queryClient = useQueryClient();

  const onApproval = useCallback(
    (event: EventPayload<"approval_required">) => {
      void queryClient.invalidateQueries({ queryKey: approvalKeys.all });
      void queryClient.invalidateQueries({ queryKey: processKeys.run(event.processRunId) });
    },
    [queryClient],
  );

  const onRunChanged = useCallback(
    (event: EventPayload<"process_run_changed">) => {
      if (event.status === "paused" || event.status === "cancelled")
        void queryClient.invalidateQueries({ queryKey: approvalKeys.all });
    },
    [queryClient],
  );

  const [reminder, setReminder] = useState<EventPayload<"approval_reminder"> | null>(null);
  const onReminder = useCallback(
    (event: EventPayload<"approval_reminder">) => {
      onApproval(event);
      setReminder(event);
    },
    [onApproval],
  );

  useRealtimeEvent("approval_required", onApproval);
  useRealtimeEvent("approval_decided", onApproval);
  useRealtimeEvent("approval_reminder", onReminder);
  useRealtimeEvent("process_run_changed", onRunChanged);
  return { reminder, dismissReminder: useCallback(() => setReminder(null), []) };
}
