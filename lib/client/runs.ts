// The Runs view's requests: the filtered list page by page, Re-run, and the filters as they sit in the page's URL
// (the same names and values as GET /api/executions, so the export and a shared address read them the same way).
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { type ExecutionDto, RUN_FILTER_KEYS, RunFilters, type RunPage } from "@/lib/executions/schemas";
import { apiFetch } from "./api";
import { isPending } from "./executions";
import { executionKeys, runKeys } from "./query-keys";

const FALLBACK_REFRESH_MS = 5000;
const PAGE_SIZE = 25;

/** The filters in a URL; a value that does not parse is left out rather than breaking the page. */
export function runFiltersFrom(search: URLSearchParams): RunFilters {
  const filters: Record<string, unknown> = {};
  for (const key of RUN_FILTER_KEYS) {
    const raw = search.get(key);
    if (raw === null) continue;
    const parsed = RunFilters.shape[key].safeParse(raw);
    if (parsed.success && parsed.data !== undefined) filters[key] = parsed.data;
  }
  return filters as RunFilters;
}

/** The filters as URL query parameters, in a fixed order so one view has one address. */
export function runFiltersSearch(filters: RunFilters): URLSearchParams {
  const search = new URLSearchParams();
  for (const key of RUN_FILTER_KEYS) {
    const value = filters[key];
    if (value === undefined || value === "" || (Array.isArray(value) && value.length === 0)) continue;
    search.set(key, Array.isArray(value) ? value.join(",") : value);
  }
  return search;
}

export function useRuns(filters: RunFilters) {
  return useInfiniteQuery({
    queryKey: runKeys.list(filters),
    queryFn: ({ signal, pageParam }) => {
      const search = runFiltersSearch(filters);
      search.set("limit", String(PAGE_SIZE));
      if (pageParam) search.set("cursor", pageParam);
      return apiFetch<RunPage>(`/api/executions?${search}`, { signal });
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    // The socket is the main path; this only covers a missed event while something is still in flight.
    refetchInterval: (q) => (q.state.data?.pages.some((p) => p.runs.some(isPending)) ? FALLBACK_REFRESH_MS : false),
  });
}

export function useRerun() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiFetch<{ id: string; execution: ExecutionDto }>(`/api/executions/${encodeURIComponent(id)}/rerun`, {
        method: "POST",
      }).then((r) => r.execution),
    onSuccess: (execution) => {
      queryClient.setQueryData(executionKeys.detail(execution.id), execution);
      return queryClient.invalidateQueries({ queryKey: runKeys.all });
    },
  });
}
