// The states of a run, of its steps (and of approvals, through StateBadge), in words with a colour that repeats them.
import { Badge, type Tone } from "@/components/app/badge";
import type { RunStatus, StepStatus } from "@/lib/processes/schemas";

export type StateLooks<S extends string> = Record<S, { tone: Tone; label: string }>;

/** A state's label and colour from its table; `live` states pulse. */
export function StateBadge<S extends string>({
  looks,
  state,
  live,
}: {
  looks: StateLooks<S>;
  state: S;
  live: readonly S[];
}) {
  return (
    <Badge tone={looks[state].tone} dot pulse={live.includes(state)}>
      {looks[state].label}
    </Badge>
  );
}

const RUN: StateLooks<RunStatus> = {
  running: { tone: "indigo", label: "Running" },
  paused: { tone: "amber", label: "Waiting for approval" },
  completed: { tone: "emerald", label: "Completed" },
  failed: { tone: "rose", label: "Failed" },
  cancelled: { tone: "slate", label: "Cancelled" },
};

const STEP: StateLooks<StepStatus> = {
  running: { tone: "indigo", label: "Running" },
  waiting: { tone: "amber", label: "Waiting" },
  completed: { tone: "emerald", label: "Completed" },
  failed: { tone: "rose", label: "Failed" },
  rejected: { tone: "rose", label: "Rejected" },
  cancelled: { tone: "slate", label: "Cancelled" },
  timed_out: { tone: "amber", label: "Timed out" },
};

export const RunStatusBadge = ({ status }: { status: RunStatus }) => (
  <StateBadge looks={RUN} state={status} live={["running"]} />
);

export const StepStatusBadge = ({ status }: { status: StepStatus }) => (
  <StateBadge looks={STEP} state={status} live={["running", "waiting"]} />
);
