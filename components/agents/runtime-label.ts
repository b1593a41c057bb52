import type { Runtime } from "@/lib/agents/schemas";

export const RUNTIME_LABELS: Record<Runtime, string> = {
  "claude-code": "Claude Code",
  command: "Command",
};
