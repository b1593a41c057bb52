// Process requests and the hooks that cache them: definitions, the editor's live check, runs and their timelines.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  FINISHED_RUN_STATUSES,
  type ProcessDto,
  type ProcessRunDto,
  type RunStatus,
  type ValidateResult,
} from "@/lib/processes/schemas";
import { apiFetch } from "./api";

/** The socket is the main path; this only covers a missed event while a run is still going. */
const FALLBACK_REFRESH_MS = 5000;

export const processKeys = {
  all: ["processes"] as const,
  list: () => [...processKeys.all, "list"] as const,
  detail: (id: string) => [...processKeys.all, "detail", id] as const,
  /** the YAML check of one text (the editor's feedback) */
  validate: (yaml: string) => [...processKeys.all, "validate", yaml] as const,
  runs: (processId: string) => [...processKeys.all, "runs", processId] as const,
  run: (runId: string) => [...processKeys.all, "run", runId] as const,
};

const processPath = (id: string) => `/api/processes/${encodeURIComponent(id)}`;
const runPath = (id: string) => `/api/process-runs/${encodeURIComponent(id)}`;

export const isRunActive = (status: RunStatus) => !FINISHED_RUN_STATUSES.includes(status);

export function useProcesses() {
  return useQuery({
    queryKey: processKeys.list(),
    queryFn: ({ signal }) =>
      apiFetch<{ processes: ProcessDto[] }>("/api/processes", { signal }).then((r) => r.processes),
  });
}

export function useProcess(id: string | null) {
  return useQuery({
    queryKey: processKeys.detail(id ?? ""),
    queryFn: ({ signal }) => apiFetch<{ process: ProcessDto }>(processPath(id!), { signal }).then((r) => r.process),
    enabled: id !== null,
  });
}

/** The server's check of a YAML text; the caller debounces, the previous answer stays shown while the next loads. */
export function useValidateProcess(yaml: string, enabled = true) {
  return useQuery({
    enabled,
    queryKey: processKeys.validate(yaml),
    queryFn: ({ signal }) =>
      apiFetch<ValidateResult>("/api/processes/validate", { method: "POST", body: { yaml }, signal }),
    placeholderData: keepPreviousData,
    staleTime: Infinity,
    gcTime: 60_000,
  });
}

/** A saved process goes into its detail at once; the list (names, last runs) is fetched again. */
function useProcessSaved() {
  const queryClient = useQueryClient();
  return (process: ProcessDto) => {
    queryClient.setQueryData(processKeys.detail(process.id), process);
    return queryClient.invalidateQueries({ queryKey: processKeys.list() });
  };
}

export function useCreateProcess() {
  return useMutation({
    mutationFn: (yaml: string) =>
      apiFetch<{ process: ProcessDto }>("/api/processes", { method: "POST", body: { yaml } }).then((r) => r.process),
    onSuccess: useProcessSaved(),
  });
}

export function useUpdateProcess(id: string) {
  return useMutation({
    mutationFn: (yaml: string) =>
      apiFetch<{ process: ProcessDto }>(processPath(id), { method: "PUT", body: { yaml } }).then((r) => r.process),
    onSuccess: useProcessSaved(),
  });
}

export function useDeleteProcess() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<void>(processPath(id), { method: "DELETE" }),
    onSuccess: (_answer, id) => {
      queryClient.setQueryData<ProcessDto[]>(processKeys.list(), (list) => list?.filter((p) => p.id !== id));
      queryClient.removeQueries({ queryKey: processKeys.detail(id) });
      queryClient.removeQueries({ queryKey: processKeys.runs(id) });
      return queryClient.invalidateQueries({ queryKey: processKeys.list() });
    },
  });
}

export function useProcessRuns(processId: string) {
  return useQuery({
    queryKey: processKeys.runs(processId),
    queryFn: ({ signal }) =>
      apiFetch<{ runs: ProcessRunDto[] }>(`${processPath(processId)}/runs`, { signal }).then((r) => r.runs),
    refetchInterval: (q) => (q.state.data?.some((r) => isRunActive(r.status)) ? FALLBACK_REFRESH_MS : false),
  });
}

export function useProcessRun(runId: string) {
  return useQuery({
    queryKey: processKeys.run(runId),
    queryFn: ({ signal }) => apiFetch<{ run: ProcessRunDto }>(runPath(runId), { signal }).then((r) => r.run),
    refetchInterval: (q) => (q.state.data && isRunActive(q.state.data.status) ? FALLBACK_REFRESH_MS : false),
  });
}

/** A run changed: its timeline takes the server's answer; the process's runs and the list's last run refresh. */
function useRunSaved() {
  const queryClient = useQueryClient();
  return (run: ProcessRunDto) => {
    queryClient.setQueryData(processKeys.run(run.id), run);
    void queryClient.invalidateQueries({ queryKey: processKeys.list() });
    return queryClient.invalidateQueries({ queryKey: processKeys.runs(run.processId) });
  };
}

export function useStartRun(processId: string) {
  return useMutation({
    mutationFn: (input: Record<string, unknown>) =>
      apiFetch<{ run: ProcessRunDto }>(`${processPath(processId)}/runs`, { method: "POST", body: { input } }).then(
        (r) => r.run,
      ),
    onSuccess: useRunSaved(),
  });
}

export function useCancelRun() {
  return useMutation({
    mutationFn: (runId: string) =>
      apiFetch<{ run: ProcessRunDto }>(`${runPath(runId)}/cancel`, { method: "POST" }).then((r) => r.run),
    onSuccess: useRunSaved(),
  });
}
