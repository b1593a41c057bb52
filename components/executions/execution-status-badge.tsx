import { Badge, type Tone } from "@/components/app/badge";
import type { ExecutionStatus } from "@/lib/executions/schemas";

const LOOK: Record<ExecutionStatus, { tone: Tone; label: string }> = {
  queued: { tone: "sky", label: "Queued" },
  running: { tone: "indigo", label: "Running" },
  succeeded: { tone: "emerald", label: "Succeeded" },
  failed: { tone: "rose", label: "Failed" },
  cancelled: { tone: "slate", label: "Cancelled" },
  timed_out: { tone: "amber", label: "Timed out" },
  skipped: { tone: "slate", label: "Skipped" },
  interrupted: { tone: "rose", label: "Interrupted" },
};

export const executionStatusLabel = (status: ExecutionStatus) => LOOK[status].label;

export function ExecutionStatusBadge({ status }: { status: ExecutionStatus }) {
  const look = LOOK[status];
  return (
    <Badge tone={look.tone} dot pulse={status === "running"}>
      {look.label}
    </Badge>
  );
}
