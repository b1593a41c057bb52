// Execution rows to the public JSON shape.
import type { Execution } from "@/lib/db/client-types";
import type { ExecutionDto, ExecutionStatus, Trigger } from "./schemas";

export const executionInclude = { agent: { select: { name: true } } } as const;

export type ExecutionRow = Execution & { agent: { name: string } };

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function toExecutionDto(e: ExecutionRow): ExecutionDto {
  return {
    id: e.id,
    agentId: e.agentId,
    agentName: e.agent.name,
    trigger: e.trigger as Trigger,
    status: e.status as ExecutionStatus,
    message: e.message,
    model: e.model,
    response: e.response,
    error: e.error,
    exitCode: e.exitCode,
    stderr: e.stderr,
    costUsd: e.costUsd,
    inputTokens: e.inputTokens,
    outputTokens: e.outputTokens,
    cacheReadTokens: e.cacheReadTokens,
    cacheCreationTokens: e.cacheCreationTokens,
    durationMs: e.durationMs,
    numTurns: e.numTurns,
    sessionId: e.sessionId,
    timeoutSeconds: e.timeoutSeconds,
    createdById: e.createdById,
    conversationId: e.conversationId,
    scheduleId: e.scheduleId,
    scheduledFor: iso(e.scheduledFor),
    attempt: e.attempt,
    retryOfId: e.retryOfId,
    createdAt: e.createdAt.toISOString(),
    startedAt: iso(e.startedAt),
    finishedAt: iso(e.finishedAt),
  };
}

/** How long a run may take: the execution's own timeout, else its agent's. */
export function timeoutMsOf(e: { timeoutSeconds: number | null; agent: { timeoutSeconds: number } }): number {
  return (e.timeoutSeconds ?? e.agent.timeoutSeconds) * 1000;
}
