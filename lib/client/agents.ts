// Agent requests and the hooks that cache them.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { AgentCreateInput, AgentDto, AgentUpdateInput } from "@/lib/agents/schemas";
import { apiFetch } from "./api";
import { agentKeys } from "./query-keys";

const agentPath = (name: string) => `/api/agents/${encodeURIComponent(name)}`;

/** Active agents are checked again now and then, in case a live update was missed. */
const FALLBACK_REFRESH_MS = 5000;
const isBusy = (a: AgentDto) => a.counts.running + a.counts.queued > 0;

export function useAgents() {
  return useQuery({
    queryKey: agentKeys.list(),
    queryFn: ({ signal }) => apiFetch<{ agents: AgentDto[] }>("/api/agents", { signal }).then((r) => r.agents),
    refetchInterval: (q) => (q.state.data?.some(isBusy) ? FALLBACK_REFRESH_MS : false),
  });
}

export function useAgent(name: string) {
  return useQuery({
    queryKey: agentKeys.detail(name),
    queryFn: ({ signal }) => apiFetch<{ agent: AgentDto }>(agentPath(name), { signal }).then((r) => r.agent),
    refetchInterval: (q) => (q.state.data && isBusy(q.state.data) ? FALLBACK_REFRESH_MS : false),
  });
}

export type AgentCreateBody = Partial<AgentCreateInput> & Pick<AgentCreateInput, "name" | "runtime">;

export function useCreateAgent() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AgentCreateBody) =>
      apiFetch<{ agent: AgentDto }>("/api/agents", { method: "POST", body }).then((r) => r.agent),
    onSuccess: (agent) => {
      queryClient.setQueryData(agentKeys.detail(agent.name), agent);
      return queryClient.invalidateQueries({ queryKey: agentKeys.list() });
    },
  });
}

/** After a change the server answered with the agent: cache that answer, refresh the list. */
function useAgentSaved(name: string) {
  const queryClient = useQueryClient();
  return (agent: AgentDto) => {
    queryClient.setQueryData(agentKeys.detail(name), agent);
    return queryClient.invalidateQueries({ queryKey: agentKeys.list() });
  };
}

export function useUpdateAgent(name: string) {
  return useMutation({
    mutationFn: (body: AgentUpdateInput) =>
      apiFetch<{ agent: AgentDto }>(agentPath(name), { method: "PUT", body }).then((r) => r.agent),
    onSuccess: useAgentSaved(name),
  });
}

/** Start or stop the agent. */
export function useAgentPower(name: string) {
  return useMutation({
    mutationFn: (action: "start" | "stop") =>
      apiFetch<{ agent: AgentDto }>(`${agentPath(name)}/${action}`, { method: "POST" }).then((r) => r.agent),
    onSuccess: useAgentSaved(name),
  });
}

export function useDeleteAgent(name: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<{ ok: true }>(agentPath(name), { method: "DELETE" }),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: agentKeys.detail(name) });
      queryClient.removeQueries({ queryKey: agentKeys.executions(name) });
      return queryClient.invalidateQueries({ queryKey: agentKeys.list() });
    },
  });
}
