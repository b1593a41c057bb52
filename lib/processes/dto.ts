// Process and run rows to the public JSON shapes.
import { approvalInclude, canSeeApprovalRow, parseJson, toApprovalDto, userRefSelect } from "@/lib/approvals/dto";
import type { Viewer } from "@/lib/approvals/eligibility";
import type { Prisma, Process } from "@/lib/db/client-types";
import {
  type ProcessDefinition,
  type ProcessDto,
  type ProcessRunDto,
  type RunStatus,
  type StepRunDto,
  type StepStatus,
  type StepType,
  summarizeSteps,
  type UserRef,
} from "./schemas";

const iso = (d: Date | null) => d?.toISOString() ?? null;

export const processInclude = {
  runs: {
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 1,
    select: { id: true, status: true, createdAt: true },
  },
} satisfies Prisma.ProcessInclude;

export type ProcessRow = Prisma.ProcessGetPayload<{ include: typeof processInclude }>;

export const runInclude = {
  startedBy: { select: userRefSelect },
  steps: {
    orderBy: [{ startedAt: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    include: { approval: { include: approvalInclude } },
  },
} satisfies Prisma.ProcessRunInclude;

export type RunRow = Prisma.ProcessRunGetPayload<{ include: typeof runInclude }>;

export function definitionOf(row: { definition: string }): ProcessDefinition {
  return parseJson<ProcessDefinition>(row.definition, { name: "unknown", steps: [] });
}

export function toProcessDto(
  row: ProcessRow | (Process & { runs: ProcessRow["runs"] }),
  createdBy: UserRef | null,
): ProcessDto {
  const last = row.runs[0];
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    yaml: row.yaml,
    version: row.version,
    steps: summarizeSteps(definitionOf(row)),
    createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    lastRun: last ? { id: last.id, status: last.status as RunStatus, createdAt: last.createdAt.toISOString() } : null,
  };
}

/**
 * The run as `viewer` may see it. An approval step's details (the approval, and the step's output, which lists the
 * decisions and comments) follow the approvals' own rule, so the run page never shows what GET /api/approvals/{id}
 * refuses the same person; they see the step's status and times.
 */
export function toRunDto(row: RunRow, viewer: Viewer): ProcessRunDto {
  const definition = definitionOf(row);
  const agentOf = new Map(definition.steps.flatMap((s) => (s.type === "agent_task" ? [[s.id, s.agent] as const] : [])));
  const steps: StepRunDto[] = row.steps.map((s) => {
    const hidden = s.approval !== null && !canSeeApprovalRow(s.approval, viewer);
    return {
      id: s.id,
      stepId: s.stepId,
      type: s.type as StepType,
      iteration: s.iteration,
      status: s.status as StepStatus,
      output: hidden ? null : s.output,
      error: s.error,
      executionId: s.executionId,
      agentName: agentOf.get(s.stepId) ?? null,
      startedAt: s.startedAt.toISOString(),
      finishedAt: iso(s.finishedAt),
      approval: s.approval && !hidden ? toApprovalDto({ ...s.approval }, viewer) : null,
    };
  });
  return {
    id: row.id,
    processId: row.processId,
    processName: row.processName,
    status: row.status as RunStatus,
    input: parseJson<Record<string, unknown>>(row.input, {}),
    currentStepId: row.currentStepId,
    error: row.error,
    startedBy: row.startedBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    finishedAt: iso(row.finishedAt),
    definitionSteps: summarizeSteps(definition),
    steps,
  };
}
