// Playbooks: an agent's assigned, valid, user-invocable skills, run as `/name args` (Claude Code expands the command
// from the workspace; for a `command` agent the runner expands it with ./expand).
import { getAgentOrThrow } from "@/lib/agents/agents";
import type { Identity } from "@/lib/auth/identity";
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { toExecutionDto } from "@/lib/executions/dto";
import { createExecution } from "@/lib/executions/executions";
import type { ExecutionDto } from "@/lib/executions/schemas";
import { describeArguments, missingArguments, parseArgumentHint } from "./arguments";
import { findPlaybook } from "./expand";
import type { PlaybookDto } from "./schemas";

const playbookWhere = (agentId: string) => ({ agentId, skill: { valid: true, userInvocable: true } });

export async function listPlaybooks(agentName: string): Promise<PlaybookDto[]> {
  const agent = await getAgentOrThrow(agentName);
  const rows = await db.agentSkill.findMany({
    where: playbookWhere(agent.id),
    include: { skill: { select: { name: true, description: true, argumentHint: true } } },
    orderBy: { skill: { name: "asc" } },
  });
  return rows.map(({ skill }) => ({
    name: skill.name,
    description: skill.description,
    argumentHint: skill.argumentHint,
    arguments: parseArgumentHint(skill.argumentHint),
  }));
}

/** What is sent: `/name args`, as a person would type it in the chat. */
export function playbookMessage(name: string, args: string | undefined): string {
  const trimmed = args?.trim();
  return trimmed ? `/${name} ${trimmed}` : `/${name}`;
}

/**
 * Refuses `/name args` that leave out arguments the playbook's hint marks required (`<name>`), naming them, so the
 * agent is never run on a half-given command.
 */
export function assertRequiredArguments(
  skill: { name: string; argumentHint: string | null },
  args: string | undefined,
  field: string,
): void {
  const missing = missingArguments(skill.argumentHint, args);
  if (missing.length === 0) return;
  const names = describeArguments(missing);
  throw new AppError(
    "validation_failed",
    `Invalid body: ${field}: /${skill.name} needs ${names} (its hint: ${skill.argumentHint})`,
    [{ field, message: `missing required arguments: ${names}`, missing: missing.map((a) => a.name) }],
  );
}

/** Runs a playbook for anyone who may use the agent; 404 when it is not one of the agent's playbooks. */
export async function runPlaybook(
  agentName: string,
  skillName: string,
  args: string | undefined,
  who: Identity,
): Promise<ExecutionDto> {
  const agent = await getAgentOrThrow(agentName);
  const skill = await findPlaybook(agent.id, skillName);
  if (!skill) throw notFound(`Playbook "${skillName}" of agent "${agent.name}"`);
  assertRequiredArguments(skill, args, "arguments");
  const { execution } = await createExecution({
    agent,
    message: playbookMessage(skillName, args),
    trigger: "playbook",
    createdById: who.userId,
  });
  return toExecutionDto(execution);
}
