import { Badge } from "@/components/app/badge";
import type { AgentStatus } from "@/lib/agents/schemas";

export function AgentStatusBadge({ status }: { status: AgentStatus }) {
  return status === "running" ? (
    <Badge tone="emerald" dot>
      Running
    </Badge>
  ) : (
    <Badge tone="slate" dot>
      Stopped
    </Badge>
  );
}
