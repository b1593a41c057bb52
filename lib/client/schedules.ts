// Schedule requests and the hooks that cache them: the agent's schedules, changes to them, Run Now and each one's history.
import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ExecutionDto } from "@/lib/executions/schemas";
import type { OverviewWindow, ScheduleOverviewDto } from "@/lib/schedules/overview-schemas";
import type { CronPreviewDto } from "@/lib/schedules/preview";
import type { ScheduleCreateRequest, ScheduleDto, ScheduleUpdateInput } from "@/lib/schedules/schemas";
import { apiFetch } from "./api";
import { isPending } from "./executions";
import {
  agentKeys,
  executionKeys,
  type ScheduleExecutionFilters,
  scheduleKeys,
  scheduleOverviewKeys,
} from "./query-keys";

const FALLBACK_REFRESH_MS = 5000;
/** Runs asked of the preview: more than the form shows, so that it still has five while the next answer loads. */
const PREVIEW_FETCHED = 10;
/** The overview's upcoming runs move on as time passes; fetched again each minute. */
const OVERVIEW_REFRESH_MS = 60_000;
const PAGE_SIZE = 20;

const schedulesPath = (agentName: string) => `/api/agents/${encodeURIComponent(agentName)}/schedules`;
const schedulePath = (agentName: string, id: string) => `${schedulesPath(agentName)}/${encodeURIComponent(id)}`;

interface ScheduleExecutionPage {
  executions: ExecutionDto[];
  nextCursor: string | null;
}

export function useSchedules(agentName: string) {
  return useQuery({
    queryKey: scheduleKeys.list(agentName),
    queryFn: ({ signal }) =>
      apiFetch<{ schedules: ScheduleDto[] }>(schedulesPath(agentName), { signal }).then((r) => r.schedules),
  });
}

export function useScheduleExecutions(agentName: string, id: string, filters: ScheduleExecutionFilters) {
  return useInfiniteQuery({
    queryKey: scheduleKeys.executions(agentName, id, filters),
    queryFn: ({ signal, pageParam }) => {
      const search = new URLSearchParams({ limit: String(PAGE_SIZE) });
      if (filters.status) search.set("status", filters.status);
      if (pageParam) search.set("cursor", pageParam);
      return apiFetch<ScheduleExecutionPage>(`${schedulePath(agentName, id)}/executions?${search}`, { signal });
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    // The socket is the main path; this only covers a missed event while a run is still in flight.
    refetchInterval: (q) =>
      q.state.data?.pages.some((p) => p.executions.some(isPending)) ? FALLBACK_REFRESH_MS : false,
  });
}

/** After any change: the server's answer goes into the list at once, then the list and histories are fetched again. */
function useScheduleSaved(agentName: string) {
  const queryClient = useQueryClient();
  return (schedule: ScheduleDto) => {
    queryClient.setQueryData<ScheduleDto[]>(scheduleKeys.list(agentName), (list) =>
      list?.some((s) => s.id === schedule.id) ? list.map((s) => (s.id === schedule.id ? schedule : s)) : list,
    );
    queryClient.setQueryData(scheduleKeys.detail(agentName, schedule.id), schedule);
    return queryClient.invalidateQueries({ queryKey: scheduleKeys.list(agentName) });
  };
}

export function useCreateSchedule(agentName: string) {
  return useMutation({
    mutationFn: (body: ScheduleCreateRequest) =>
      apiFetch<{ schedule: ScheduleDto }>(schedulesPath(agentName), { method: "POST", body }).then((r) => r.schedule),
    onSuccess: useScheduleSaved(agentName),
  });
}

export function useUpdateSchedule(agentName: string) {
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: ScheduleUpdateInput }) =>
      apiFetch<{ schedule: ScheduleDto }>(schedulePath(agentName, id), { method: "PUT", body }).then((r) => r.schedule),
    onSuccess: useScheduleSaved(agentName),
  });
}

export function useSetScheduleEnabled(agentName: string) {
  return useMutation({
    mutationFn: ({ id, enabled }: { id: string; enabled: boolean }) =>
      apiFetch<{ schedule: ScheduleDto }>(`${schedulePath(agentName, id)}/${enabled ? "enable" : "disable"}`, {
        method: "POST",
      }).then((r) => r.schedule),
    onSuccess: useScheduleSaved(agentName),
  });
}

export function useDeleteSchedule(agentName: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<{ ok: true }>(schedulePath(agentName, id), { method: "DELETE" }),
    onSuccess: (_answer, id) => {
      queryClient.setQueryData<ScheduleDto[]>(scheduleKeys.list(agentName), (list) => list?.filter((s) => s.id !== id));
      queryClient.removeQueries({ queryKey: scheduleKeys.detail(agentName, id) });
      queryClient.removeQueries({ queryKey: scheduleKeys.executions(agentName, id) });
      return queryClient.invalidateQueries({ queryKey: scheduleKeys.list(agentName) });
    },
  });
}

/** Run Now: the schedule's message goes to the agent at once, outside its cron times. */
export function useRunScheduleNow(agentName: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiFetch<{ execution: ExecutionDto }>(`${schedulePath(agentName, id)}/trigger`, { method: "POST" }).then(
        (r) => r.execution,
      ),
    onSuccess: (execution, id) => {
      queryClient.setQueryData(executionKeys.detail(execution.id), execution);
      void queryClient.invalidateQueries({ queryKey: agentKeys.executions(agentName) });
      void queryClient.invalidateQueries({ queryKey: scheduleKeys.list(agentName) });
      return queryClient.invalidateQueries({ queryKey: scheduleKeys.executions(agentName, id) });
    },
  });
}

/** Every schedule the viewer may see, with its runs in the window and the minutes where runs collide. */
export function useScheduleOverview(window: OverviewWindow) {
  return useQuery({
    queryKey: scheduleOverviewKeys.window(window),
    queryFn: ({ signal }) => apiFetch<ScheduleOverviewDto>(`/api/schedules?window=${window}`, { signal }),
    placeholderData: keepPreviousData,
    refetchInterval: OVERVIEW_REFRESH_MS,
  });
}

/**
 * The server's preview of an expression in a zone (its next runs from now and daylight-saving notes); the caller
 * debounces and passes `enabled: false` while the expression is not one yet. The previous answer stays shown while
 * the next loads.
 */
export function useCronPreview(expression: string, timezone: string, enabled: boolean) {
  return useQuery({
    enabled,
    queryKey: scheduleOverviewKeys.preview(expression, timezone),
    queryFn: ({ signal }) =>
      apiFetch<CronPreviewDto>(
        `/api/cron/preview?${new URLSearchParams({ expression, timezone, count: String(PREVIEW_FETCHED) })}`,
        { signal },
      ),
    placeholderData: keepPreviousData,
    retry: false,
  });
}
