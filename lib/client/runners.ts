// Worker registry requests: the scheduler's status with every worker (admins), and the runner names agents may be
// pinned to (everyone signed in).
import { useQuery } from "@tanstack/react-query";
import type { RunnerNameDto, SchedulerStatusDto } from "@/lib/runners/schemas";
import { apiFetch } from "./api";
import { runnerKeys } from "./query-keys";

/** Heartbeats arrive every few seconds; the page follows them at about that pace. */
export const RUNNERS_REFRESH_MS = 5_000;

export function useSchedulerStatus() {
  return useQuery({
    queryKey: runnerKeys.status(),
    queryFn: ({ signal }) => apiFetch<SchedulerStatusDto>("/api/scheduler/status", { signal }),
    refetchInterval: RUNNERS_REFRESH_MS,
  });
}

export function useRunnerNames() {
  return useQuery({
    queryKey: runnerKeys.names(),
    queryFn: ({ signal }) =>
      apiFetch<{ runners: RunnerNameDto[] }>("/api/runners/names", { signal }).then((r) => r.runners),
    staleTime: 30_000,
  });
}
