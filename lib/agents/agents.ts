// Agent lifecycle: create, edit, delete, start, stop. Every status change is one conditional write.
import { type AuditActor, auditActor, auditWrite, changedFields } from "@/lib/audit";
import type { Identity } from "@/lib/auth/identity";
import { db, direct, type Tx, transact } from "@/lib/db";
import { Prisma } from "@/lib/db/client-types";
import { AppError, conflict, notFound } from "@/lib/errors";
import { takeSkillSnapshot } from "@/lib/skills/inject";
import { assertCanApplyUpdate, assertCanCreateRuntime, assertCanManage } from "./access";
import { type AgentRow, agentInclude, loadAgentDto, toAgentDtos } from "./dto";
import { markAgentDeleted } from "./purge";
import { type AgentCreateInput, type AgentDto, AgentName, type AgentUpdateInput } from "./schemas";
import { ensureWorkspace, removeWorkspace, workspacePathFor } from "./workspace";

export type AgentWithOwner = AgentRow & { ownerId: string };

/** What the audit log keeps of an agent: its settings, never its workspace files. */
function agentFields(a: {
  name: string;
  description: string | null;
  runtime: string;
  model: string;
  command: string | null;
  concurrencyLimit: number;
  timeoutSeconds: number | null;
  runnerName: string | null;
  status: string;
}): Record<string, unknown> {
  const { name, description, runtime, model, command, concurrencyLimit, timeoutSeconds, runnerName, status } = a;
  return { name, description, runtime, model, command, concurrencyLimit, timeoutSeconds, runnerName, status };
}

/** The audit entry of an agent change (`agent.<action>`), in the transaction `t` of the change. */
function auditAgent(
  t: Tx,
  actor: AuditActor,
  action: string,
  agent: { id: string; name: string },
  fields: { before?: Record<string, unknown>; after?: Record<string, unknown> },
): Promise<void> {
  return auditWrite(t, actor, {
    action: `agent.${action}`,
    targetType: "agent",
    targetId: agent.id,
    targetLabel: agent.name,
    agent: { id: agent.id, name: agent.name },
    ...fields,
  });
}

export async function listAgents(who: Identity, tx: Tx = db): Promise<AgentDto[]> {
  const agents = await tx.agent.findMany({
    where: { deletedAt: null },
    include: agentInclude,
    orderBy: { name: "asc" },
  });
  return toAgentDtos(agents, who, tx);
}

/**
 * The agent named `name` as `read` reads it by its slug, or 404. A deleted agent is gone for every reader, although
 * its row stays while a worker removes what it owned.
 */
async function liveAgentOrThrow<A extends { deletedAt: Date | null }>(
  name: string,
  read: (slug: string) => Promise<A | null>,
): Promise<A> {
  const slug = AgentName.safeParse(name);
  const agent = slug.success ? await read(slug.data) : null;
  if (!agent || agent.deletedAt) throw notFound(`Agent "${name}"`);
  return agent;
}

export function getAgentOrThrow(name: string, tx: Tx = db): Promise<AgentWithOwner> {
  return liveAgentOrThrow(name, (slug) => tx.agent.findUnique({ where: { name: slug }, include: agentInclude }));
}

/**
 * What running a task needs of an agent, without its owner (the task routes read nothing more): read on every task
 * submitted, with one plain statement (lib/db/sql.ts).
 */
export function getAgentForTaskOrThrow(
  name: string,
): Promise<{ id: string; name: string; status: string; model: string }> {
  return liveAgentOrThrow(name, async (slug) => {
    const [agent] = await direct.query<{
      id: string;
      name: string;
      status: string;
      model: string;
      deletedAt: Date | null;
    }>(Prisma.sql`SELECT "id", "name", "status", "model", "deletedAt" FROM "Agent" WHERE "name" = ${slug}`, {
      prepare: true,
    });
    return agent ?? null;
  });
}

/** The agent as `who` may see it: the command and workspace path only for its owner and admins. */
export async function getAgentDto(name: string, who: Identity, tx: Tx = db): Promise<AgentDto> {
  return loadAgentDto(await getAgentOrThrow(name, tx), who, tx);
}

export async function createAgent(input: AgentCreateInput, who: Identity, tx: Tx = db): Promise<AgentDto> {
  assertCanCreateRuntime(input.runtime, who);
  const existing = await tx.agent.findUnique({ where: { name: input.name }, select: { id: true } });
  if (existing) throw conflict(`An agent named "${input.name}" already exists`, [{ field: "name", message: "taken" }]);
  const workspaceDir = workspacePathFor(input.name);
  const agent = await transact(tx, async (t) => {
    const created = await t.agent.create({
      data: {
        name: input.name,
        description: input.description,
        runtime: input.runtime,
        model: input.model,
        command: input.runtime === "command" ? input.command : null,
        workspaceDir,
        concurrencyLimit: input.concurrencyLimit,
        timeoutSeconds: input.timeoutSeconds,
        runnerName: input.runnerName,
        ownerId: who.userId,
        status: input.start ? "running" : "stopped",
        startedAt: input.start ? new Date() : null,
      },
      include: agentInclude,
    });
    await auditAgent(t, auditActor(who), "created", created, { after: agentFields(created) });
    return created;
  });
  await ensureWorkspace(agent.name);
  return loadAgentDto(agent, who, tx);
}

export async function updateAgent(
  name: string,
  input: AgentUpdateInput,
  who: Identity,
  tx: Tx = db,
): Promise<AgentDto> {
  const agent = await getAgentOrThrow(name, tx);
  assertCanManage(agent, who);
  assertCanApplyUpdate(agent, input, who);
  const runtime = input.runtime ?? agent.runtime;
  const command = runtime === "command" ? (input.command === undefined ? agent.command : input.command) : null;
  if (runtime === "command" && !command) {
    const message = "Command is required when the runtime is command";
    throw new AppError("validation_failed", message, [{ field: "command", message }]);
  }
  const data = {
    description: input.description,
    runtime,
    model: input.model,
    command,
    concurrencyLimit: input.concurrencyLimit,
    timeoutSeconds: input.timeoutSeconds,
    runnerName: input.runnerName,
  };
  const updated = await transact(tx, async (t) => {
    const changed = await t.agent.update({ where: { id: agent.id }, data, include: agentInclude });
    const fields = changedFields(agentFields(agent), data);
    if (Object.keys(fields.after).length > 0) await auditAgent(t, auditActor(who), "updated", agent, fields);
    return changed;
  });
  return loadAgentDto(updated, who, tx);
}

/**
 * Refused while an execution runs. Answers once the agent is marked deleted (one short transaction, whatever its
 * history): it is hidden and its name free at once; workers remove its executions and the rest in batches (./purge.ts).
 */
export async function deleteAgent(name: string, who: Identity, tx: Tx = db): Promise<void> {
  const agent = await getAgentOrThrow(name, tx);
  assertCanManage(agent, who);
  await markAgentDeleted(agent, tx, (t) =>
    auditAgent(t, auditActor(who), "deleted", agent, { before: agentFields(agent) }),
  );
  await removeWorkspace(agent.name);
}

export async function startAgent(name: string, who: Identity, tx: Tx = db): Promise<AgentDto> {
  const agent = await getAgentOrThrow(name, tx);
  assertCanManage(agent, who);
  await ensureWorkspace(agent.name);
  // Starting a running agent is a no-op, not an error: the caller wanted it running and it is.
  if (agent.status === "stopped") {
    // The skills go with the start: a runner writes this snapshot into the workspace before the agent's next run.
    const skillSnapshot = await takeSkillSnapshot(agent.id, tx);
    await transact(tx, async (t) => {
      const { count } = await t.agent.updateMany({
        where: { id: agent.id, status: "stopped" },
        data: { status: "running", startedAt: new Date(), skillSnapshot },
      });
      const status = { before: { status: "stopped" }, after: { status: "running" } };
      if (count > 0) await auditAgent(t, auditActor(who), "started", agent, status);
    });
  }
  return getAgentDto(name, who, tx);
}

/** Stop and start in one: the skills are taken again and the start time moves, which ends "restart pending". */
export async function restartAgent(name: string, who: Identity, tx: Tx = db): Promise<AgentDto> {
  const agent = await getAgentOrThrow(name, tx);
  assertCanManage(agent, who);
  const skillSnapshot = await takeSkillSnapshot(agent.id, tx);
  await transact(tx, async (t) => {
    await t.agent.update({
      where: { id: agent.id, deletedAt: null },
      data: { status: "running", startedAt: new Date(), skillSnapshot },
    });
    const status = { before: { status: agent.status }, after: { status: "running" } };
    await auditAgent(t, auditActor(who), "restarted", agent, status);
  });
  return getAgentDto(name, who, tx);
}

/** Stopping refuses new tasks; executions already running finish, queued ones wait for the next start. */
export async function stopAgent(name: string, who: Identity, tx: Tx = db): Promise<AgentDto> {
  const agent = await getAgentOrThrow(name, tx);
  assertCanManage(agent, who);
  await transact(tx, async (t) => {
    const { count } = await t.agent.updateMany({
      where: { id: agent.id, status: "running" },
      data: { status: "stopped" },
    });
    const status = { before: { status: "running" }, after: { status: "stopped" } };
    if (count > 0) await auditAgent(t, auditActor(who), "stopped", agent, status);
  });
  return getAgentDto(name, who, tx);
}
