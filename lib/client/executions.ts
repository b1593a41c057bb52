// Execution requests: the agent's history page by page, one execution, and running a task.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { OutputEntry } from "@/lib/executions/output-entry";
import { type ExecutionDto, isFinished } from "@/lib/executions/schemas";
import { apiFetch } from "./api";
import { agentKeys, type ExecutionFilters, executionKeys } from "./query-keys";

const FALLBACK_REFRESH_MS = 5000;
const PAGE_SIZE = 20;

interface ExecutionPage {
  executions: ExecutionDto[];
  nextCursor: string | null;
}

export const isPending = (e: ExecutionDto) => !isFinished(e.status);

export function useAgentExecutions(name: string, filters: ExecutionFilters) {
  return useInfiniteQuery({
    queryKey: agentKeys.executions(name, filters),
    queryFn: ({ signal, pageParam }) => {
      const search = new URLSearchParams({ limit: String(PAGE_SIZE) });
      if (filters.status) search.set("status", filters.status);
      if (filters.trigger) search.set("trigger", filters.trigger);
      if (pageParam) search.set("cursor", pageParam);
      return apiFetch<ExecutionPage>(`/api/agents/${encodeURIComponent(name)}/executions?${search}`, { signal });
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    // The socket is the main path; this only covers a missed event while something is still in flight.
    refetchInterval: (q) =>
      q.state.data?.pages.some((p) => p.executions.some(isPending)) ? FALLBACK_REFRESH_MS : false,
  });
}

export function useExecution(id: string | null) {
  return useQuery({
    queryKey: executionKeys.detail(id ?? ""),
    queryFn: ({ signal }) =>
      apiFetch<{ execution: ExecutionDto }>(`/api/executions/${id}`, { signal }).then((r) => r.execution),
    enabled: id !== null,
    refetchInterval: (q) => (q.state.data && isPending(q.state.data) ? FALLBACK_REFRESH_MS : false),
  });
}

/** The run's stored transcript; live entries arrive as execution_output events (components/executions/use-run-output). */
export function useExecutionOutput(id: string | null) {
  return useQuery({
    queryKey: executionKeys.output(id ?? ""),
    queryFn: ({ signal }) =>
      apiFetch<{ entries: OutputEntry[]; status: string }>(`/api/executions/${id}/output`, { signal }).then(
        (r) => r.entries,
      ),
    enabled: id !== null,
  });
}

export interface TaskBody {
  message: string;
  model?: string;
}

export function useRunTask(name: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TaskBody) =>
      apiFetch<{ execution: ExecutionDto }>(`/api/agents/${encodeURIComponent(name)}/task`, {
        method: "POST",
        body: { ...body, async: true },
      }).then((r) => r.execution),
    onSuccess: (execution) => {
      queryClient.setQueryData(executionKeys.detail(execution.id), execution);
      void queryClient.invalidateQueries({ queryKey: agentKeys.detail(name) });
      return queryClient.invalidateQueries({ queryKey: agentKeys.executions(name) });
    },
  });
}

export function useCancelExecution(agentName: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiFetch<{ execution: ExecutionDto }>(`/api/executions/${id}/cancel`, { method: "POST" }).then(
        (r) => r.execution,
      ),
    onSuccess: (execution) => {
      queryClient.setQueryData(executionKeys.detail(execution.id), execution);
      void queryClient.invalidateQueries({ queryKey: agentKeys.detail(agentName) });
      return queryClient.invalidateQueries({ queryKey: agentKeys.executions(agentName) });
    },
  });
}
