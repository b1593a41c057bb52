// A worker's state in words (colour only repeats it).
import { Badge, type Tone } from "@/components/app/badge";
import type { RunnerState } from "@/lib/runners/schemas";

const STATES: Record<RunnerState, { label: string; tone: Tone }> = {
  running: { label: "Running", tone: "emerald" },
  down: { label: "Down", tone: "rose" },
  stopped: { label: "Stopped", tone: "slate" },
};

export function RunnerStateBadge({ state }: { state: RunnerState }) {
  const { label, tone } = STATES[state];
  return (
    <Badge tone={tone} dot pulse={state === "running"}>
      {label}
    </Badge>
  );
}
