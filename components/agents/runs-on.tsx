"use client";
// Where the agent's tasks run: any runner, or the one it is pinned to (and whether a worker by that name is up).
import { useRunnerNames } from "@/lib/client/runners";

export function RunsOn({ runnerName }: { runnerName: string | null }) {
  const names = useRunnerNames();
  if (!runnerName) return <span>Any runner</span>;
  const known = names.data?.find((r) => r.name === runnerName);
  return (
    <span>
      <span className="font-mono">{runnerName}</span>
      {names.isSuccess && !known?.alive ? (
        <span className="text-amber-700"> · no worker by this name is up now; tasks wait for it</span>
      ) : null}
    </span>
  );
}
