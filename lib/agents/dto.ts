// Agent rows to the public JSON shape, with live counts of running and queued executions.
import type { Identity } from "@/lib/auth/identity";
import { db, type Tx } from "@/lib/db";
import type { AgentDto, AgentStatus, Runtime } from "./schemas";

export type AgentViewer = Pick<Identity, "userId" | "role">;

export const agentInclude = { owner: { select: { id: true, name: true, email: true } } } as const;

export interface AgentRow {
  id: string;
  name: string;
  description: string;
  runtime: string;
  model: string;
  command: string | null;
  workspaceDir: string;
  status: string;
  concurrencyLimit: number;
  timeoutSeconds: number;
  runnerName: string | null;
  startedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  owner: { id: string; name: string; email: string };
}

export type ExecutionCounts = { running: number; queued: number };

/** Running and queued executions per agent id, in one grouped query. */
export async function countActiveExecutions(agentIds: string[], tx: Tx = db): Promise<Map<string, ExecutionCounts>> {
  const groups = await tx.execution.groupBy({
    by: ["agentId", "status"],
    where: { agentId: { in: agentIds }, status: { in: ["running", "queued"] } },
    _count: { _all: true },
  });
  const counts = new Map<string, ExecutionCounts>();
  for (const g of groups) {
    const c = counts.get(g.agentId) ?? { running: 0, queued: 0 };
    c[g.status as keyof ExecutionCounts] = g._count._all;
    counts.set(g.agentId, c);
  }
  return counts;
}

/** The command line and the workspace path tell how the server is laid out and what it runs: its owner and admins only. */
export const seesInternals = (agent: AgentRow, viewer: AgentViewer) =>
  viewer.role === "admin" || agent.owner.id === viewer.userId;

export function toAgentDto(
  agent: AgentRow,
  viewer: AgentViewer,
  counts: ExecutionCounts = { running: 0, queued: 0 },
): AgentDto {
  return {
    id: agent.id,
    name: agent.name,
    description: agent.description,
    runtime: agent.runtime as Runtime,
    model: agent.model,
    ...(seesInternals(agent, viewer) ? { command: agent.command, workspaceDir: agent.workspaceDir } : {}),
    status: agent.status as AgentStatus,
    concurrencyLimit: agent.concurrencyLimit,
    timeoutSeconds: agent.timeoutSeconds,
    runnerName: agent.runnerName,
    owner: agent.owner,
    startedAt: agent.startedAt?.toISOString() ?? null,
    createdAt: agent.createdAt.toISOString(),
    updatedAt: agent.updatedAt.toISOString(),
    counts,
  };
}

export async function toAgentDtos(agents: AgentRow[], viewer: AgentViewer, tx: Tx = db): Promise<AgentDto[]> {
  const counts = await countActiveExecutions(
    agents.map((a) => a.id),
    tx,
  );
  return agents.map((a) => toAgentDto(a, viewer, counts.get(a.id)));
}

export async function loadAgentDto(agent: AgentRow, viewer: AgentViewer, tx: Tx = db): Promise<AgentDto> {
  const [dto] = await toAgentDtos([agent], viewer, tx);
  return dto;
}
