// Skills library, agent assignments and playbooks: requests, the hooks that cache them, and their query keys.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { AgentDto } from "@/lib/agents/schemas";
import type { ExecutionDto } from "@/lib/executions/schemas";
import type {
  AgentSkillsDto,
  PlaybookDto,
  SkillCreateRequest,
  SkillDto,
  SkillSummaryDto,
  SkillSyncDto,
  SkillSyncPreviewDto,
  SkillSyncSettingsInput,
  SkillSyncStatusDto,
} from "@/lib/skills/schemas";
import { apiFetch } from "./api";
import { agentKeys, executionKeys } from "./query-keys";

/** While a sync runs its status is asked for this often (there is no live event for it). */
const SYNC_POLL_MS = 1500;

export const skillKeys = {
  all: ["skills"] as const,
  list: () => [...skillKeys.all, "list"] as const,
  detail: (name: string) => [...skillKeys.all, "detail", name] as const,
  sync: () => [...skillKeys.all, "sync"] as const,
  /** the skills assigned to one agent */
  agent: (agentName: string) => [...skillKeys.all, "agent", agentName] as const,
};

export const playbookKeys = {
  all: ["playbooks"] as const,
  list: (agentName: string) => [...playbookKeys.all, agentName] as const,
};

/** POST /api/skills takes every field; PUT /api/skills/{name} any of them but the name. */
export type SkillBody = Partial<SkillCreateRequest>;

const skillPath = (name: string) => `/api/skills/${encodeURIComponent(name)}`;
const agentSkillsPath = (agent: string) => `/api/agents/${encodeURIComponent(agent)}/skills`;
const playbooksPath = (agent: string) => `/api/agents/${encodeURIComponent(agent)}/playbooks`;

export function useSkills() {
  return useQuery({
    queryKey: skillKeys.list(),
    queryFn: ({ signal }) => apiFetch<{ skills: SkillSummaryDto[] }>("/api/skills", { signal }).then((r) => r.skills),
  });
}

export function useSkill(name: string) {
  return useQuery({
    queryKey: skillKeys.detail(name),
    queryFn: ({ signal }) => apiFetch<{ skill: SkillDto }>(skillPath(name), { signal }).then((r) => r.skill),
  });
}

/** A skill changed: its detail takes the server's answer; lists, assignments and playbooks that show it refresh. */
function useSkillSaved() {
  const queryClient = useQueryClient();
  return (skill: SkillDto) => {
    queryClient.setQueryData(skillKeys.detail(skill.name), skill);
    void queryClient.invalidateQueries({ queryKey: skillKeys.all, predicate: (q) => q.queryKey[1] !== "detail" });
    return queryClient.invalidateQueries({ queryKey: playbookKeys.all });
  };
}

export function useCreateSkill() {
  return useMutation({
    mutationFn: (body: SkillBody) =>
      apiFetch<{ skill: SkillDto }>("/api/skills", { method: "POST", body }).then((r) => r.skill),
    onSuccess: useSkillSaved(),
  });
}

export function useUpdateSkill(name: string) {
  return useMutation({
    mutationFn: (body: SkillBody) =>
      apiFetch<{ skill: SkillDto }>(skillPath(name), { method: "PUT", body }).then((r) => r.skill),
    onSuccess: useSkillSaved(),
  });
}

/** Ends a conflict: keep the version edited in Cadre, or take the one that came from the source. */
export function useResolveSkillConflict(name: string) {
  return useMutation({
    mutationFn: (keep: "cadre" | "source") =>
      apiFetch<{ skill: SkillDto }>(`${skillPath(name)}/resolve`, { method: "POST", body: { keep } }).then(
        (r) => r.skill,
      ),
    onSuccess: useSkillSaved(),
  });
}

export function useDeleteSkill(name: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<void>(skillPath(name), { method: "DELETE" }),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: skillKeys.detail(name) });
      queryClient.setQueryData<SkillSummaryDto[]>(skillKeys.list(), (list) => list?.filter((s) => s.name !== name));
      void queryClient.invalidateQueries({ queryKey: playbookKeys.all });
      return queryClient.invalidateQueries({ queryKey: skillKeys.all });
    },
  });
}

export function useSkillSync(enabled = true) {
  return useQuery({
    queryKey: skillKeys.sync(),
    queryFn: ({ signal }) => apiFetch<SkillSyncStatusDto>("/api/skills/sync", { signal }),
    enabled,
    refetchInterval: (q) => (q.state.data?.running ? SYNC_POLL_MS : false),
  });
}

export function useSaveSyncSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SkillSyncSettingsInput) =>
      apiFetch<SkillSyncStatusDto>("/api/skills/sync", { method: "PUT", body }),
    onSuccess: (status) => queryClient.setQueryData(skillKeys.sync(), status),
  });
}

/** Asks what a sync would do now; nothing is written. */
export function usePreviewSync() {
  return useMutation({
    mutationFn: () =>
      apiFetch<{ preview: SkillSyncPreviewDto }>("/api/skills/sync", { method: "POST", body: { dryRun: true } }).then(
        (r) => r.preview,
      ),
  });
}

/** Applies the previewed plan (409 when it no longer holds); the library, assignments and playbooks are fetched again. */
export function useConfirmSync() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (fingerprint: string) =>
      apiFetch<{ sync: SkillSyncDto }>("/api/skills/sync", { method: "POST", body: { confirm: fingerprint } }).then(
        (r) => r.sync,
      ),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: playbookKeys.all });
      return queryClient.invalidateQueries({ queryKey: skillKeys.all });
    },
  });
}

export function useAgentSkills(agentName: string) {
  return useQuery({
    queryKey: skillKeys.agent(agentName),
    queryFn: ({ signal }) => apiFetch<AgentSkillsDto>(agentSkillsPath(agentName), { signal }),
  });
}

/** An assignment changed: the agent's skills take the answer; its playbooks and the library's counts refresh. */
function useAssignmentsChanged(agentName: string) {
  const queryClient = useQueryClient();
  return (answer: AgentSkillsDto | void) => {
    if (answer) queryClient.setQueryData(skillKeys.agent(agentName), answer);
    void queryClient.invalidateQueries({ queryKey: skillKeys.all });
    return queryClient.invalidateQueries({ queryKey: playbookKeys.list(agentName) });
  };
}

export function useAssignSkill(agentName: string) {
  return useMutation({
    mutationFn: (skill: string) =>
      apiFetch<AgentSkillsDto>(`${agentSkillsPath(agentName)}/${encodeURIComponent(skill)}`, { method: "POST" }),
    onSuccess: useAssignmentsChanged(agentName),
  });
}

export function useUnassignSkill(agentName: string) {
  return useMutation({
    mutationFn: (skill: string) =>
      apiFetch<void>(`${agentSkillsPath(agentName)}/${encodeURIComponent(skill)}`, { method: "DELETE" }),
    onSuccess: useAssignmentsChanged(agentName),
  });
}

/** Stop and start the agent, so it starts with the skills assigned now. */
export function useRestartAgent(agentName: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      apiFetch<{ agent: AgentDto }>(`/api/agents/${encodeURIComponent(agentName)}/restart`, { method: "POST" }).then(
        (r) => r.agent,
      ),
    onSuccess: (agent) => {
      queryClient.setQueryData(agentKeys.detail(agentName), agent);
      void queryClient.invalidateQueries({ queryKey: agentKeys.list() });
      return queryClient.invalidateQueries({ queryKey: skillKeys.agent(agentName) });
    },
  });
}

export function usePlaybooks(agentName: string | null) {
  return useQuery({
    queryKey: playbookKeys.list(agentName ?? ""),
    queryFn: ({ signal }) =>
      apiFetch<{ playbooks: PlaybookDto[] }>(playbooksPath(agentName ?? ""), { signal }).then((r) => r.playbooks),
    enabled: agentName !== null,
  });
}

export function useRunPlaybook(agentName: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ skill, args }: { skill: string; args?: string }) =>
      apiFetch<{ execution_id: string; execution: ExecutionDto }>(
        `${playbooksPath(agentName)}/${encodeURIComponent(skill)}/run`,
        {
          method: "POST",
          body: args ? { arguments: args } : {},
        },
      ).then((r) => r.execution),
    onSuccess: (execution) => {
      queryClient.setQueryData(executionKeys.detail(execution.id), execution);
      void queryClient.invalidateQueries({ queryKey: agentKeys.detail(agentName) });
      return queryClient.invalidateQueries({ queryKey: agentKeys.executions(agentName) });
    },
  });
}
