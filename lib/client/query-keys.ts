// Query key factories: every cached request is named here, so invalidations hit exactly what they mean.
import type { AuditFilters } from "@/lib/audit/schemas";
import type { ExecutionStatus, RunFilters, Trigger } from "@/lib/executions/schemas";

export interface ExecutionFilters {
  status?: ExecutionStatus;
  trigger?: Trigger;
}

export const agentKeys = {
  all: ["agents"] as const,
  list: () => [...agentKeys.all, "list"] as const,
  detail: (name: string) => [...agentKeys.all, "detail", name] as const,
  /** Without filters this is the prefix of every filtered list of the agent's executions. */
  executions: (name: string, filters?: ExecutionFilters) =>
    filters
      ? ([...agentKeys.all, "executions", name, filters] as const)
      : ([...agentKeys.all, "executions", name] as const),
};

export const executionKeys = {
  all: ["executions"] as const,
  detail: (id: string) => [...executionKeys.all, "detail", id] as const,
  output: (id: string) => [...executionKeys.all, "output", id] as const,
};

export const runKeys = {
  /** prefix of every filtered list of the Runs view */
  all: ["runs"] as const,
  list: (filters: RunFilters) => [...runKeys.all, "list", filters] as const,
};

export const auditKeys = {
  /** prefix of every filtered list of the audit log */
  all: ["audit"] as const,
  list: (filters: AuditFilters) => [...auditKeys.all, "list", filters] as const,
};

export const conversationKeys = {
  all: ["conversations"] as const,
  list: (agentName: string) => [...conversationKeys.all, "list", agentName] as const,
  detail: (id: string) => [...conversationKeys.all, "detail", id] as const,
};

export interface ScheduleExecutionFilters {
  status?: string;
}

export const scheduleKeys = {
  all: ["schedules"] as const,
  /** Prefix of everything cached about one agent's schedules: lists, details and histories. */
  agent: (agentName: string) => [...scheduleKeys.all, agentName] as const,
  list: (agentName: string) => [...scheduleKeys.agent(agentName), "list"] as const,
  detail: (agentName: string, id: string) => [...scheduleKeys.agent(agentName), "detail", id] as const,
  /** Without filters this is the prefix of every filtered history of the schedule. */
  executions: (agentName: string, id: string, filters?: ScheduleExecutionFilters) =>
    filters
      ? ([...scheduleKeys.agent(agentName), "executions", id, filters] as const)
      : ([...scheduleKeys.agent(agentName), "executions", id] as const),
  /** GET …/schedules/{id}/changes: who changed the schedule, how and when */
  changes: (agentName: string, id: string) => [...scheduleKeys.agent(agentName), "changes", id] as const,
};

/** Across agents, apart from scheduleKeys so that no agent's name can meet them. */
export const scheduleOverviewKeys = {
  all: ["schedule-overview"] as const,
  window: (window: string) => [...scheduleOverviewKeys.all, window] as const,
  /** GET /api/cron/preview of an expression in a zone (runs counted from now) */
  preview: (expression: string, timezone: string) => ["cron-preview", expression, timezone] as const,
};

export const runnerKeys = {
  all: ["runners"] as const,
  /** GET /api/scheduler/status: the scheduler's state and every worker */
  status: () => [...runnerKeys.all, "status"] as const,
  /** GET /api/runners/names: names agents may be pinned to */
  names: () => [...runnerKeys.all, "names"] as const,
};
