// Which skills an agent has. Owners and admins change them; a change reaches the workspace at the next start, so
// the agent records when its skills changed and a running agent shows that a restart is pending.
import { assertCanManage } from "../agents/access";
import { getAgentOrThrow, type AgentWithOwner } from "../agents/agents";
import type { Identity } from "../auth/identity";
import { db } from "../db";
import { AppError } from "../errors";
import { skillSummaryInclude, toSkillSummaryDto } from "./dto";
import { injectedSkillNames } from "./inject";
import { getSkillRowOrThrow } from "./skills";
import type { AgentSkillsDto } from "./schemas";

export async function getAgentSkills(agentName: string): Promise<AgentSkillsDto> {
  const agent = await getAgentOrThrow(agentName);
  const [rows, row, injected] = await Promise.all([
    db.agentSkill.findMany({ where: { agentId: agent.id }, include: { skill: { include: skillSummaryInclude } } }),
    db.agent.findUniqueOrThrow({ where: { id: agent.id }, select: { skillsChangedAt: true } }),
    injectedSkillNames(agent.name),
  ]);
  const skills = rows.map((r) => r.skill).sort((a, b) => (a.name < b.name ? -1 : 1));
  const startedAt = agent.startedAt?.getTime() ?? 0;
  const changed = (row.skillsChangedAt?.getTime() ?? 0) > startedAt || skills.some((s) => s.updatedAt.getTime() > startedAt);
  return { skills: skills.map(toSkillSummaryDto), pendingRestart: agent.status === "running" && changed, injected };
}

const markChanged = (agentId: string) => db.agent.update({ where: { id: agentId }, data: { skillsChangedAt: new Date() } });

async function managedAgent(agentName: string, who: Identity): Promise<AgentWithOwner> {
  const agent = await getAgentOrThrow(agentName);
  assertCanManage(agent, who);
  return agent;
}

/** Replaces the set; an unknown name fails the whole request (400 on `skills`) before anything changes. */
export async function setAgentSkills(agentName: string, names: string[], who: Identity): Promise<AgentSkillsDto> {
  const agent = await managedAgent(agentName, who);
  const unique = [...new Set(names)];
  const skills = await db.skill.findMany({ where: { name: { in: unique } }, select: { id: true, name: true } });
  const unknown = unique.filter((n) => !skills.some((s) => s.name === n));
  if (unknown.length > 0) {
    const message = `no skill named ${unknown.map((n) => `"${n}"`).join(", ")}`;
    throw new AppError("validation_failed", `Invalid body: skills: ${message}`, [{ field: "skills", message }]);
  }
  const current = await db.agentSkill.findMany({ where: { agentId: agent.id }, select: { skillId: true } });
  const wanted = new Set(skills.map((s) => s.id));
  const toRemove = current.filter((c) => !wanted.has(c.skillId)).map((c) => c.skillId);
  const toAdd = skills.filter((s) => !current.some((c) => c.skillId === s.id));
  if (toRemove.length > 0 || toAdd.length > 0) {
    await db.$transaction([
      db.agentSkill.deleteMany({ where: { agentId: agent.id, skillId: { in: toRemove } } }),
      ...toAdd.map((s) => db.agentSkill.create({ data: { agentId: agent.id, skillId: s.id, assignedById: who.userId } })),
      markChanged(agent.id),
    ]);
  }
  return getAgentSkills(agentName);
}

/** true when it was newly assigned (201), false when it already was (200). */
export async function assignSkill(agentName: string, skillName: string, who: Identity): Promise<{ created: boolean; skills: AgentSkillsDto }> {
  const agent = await managedAgent(agentName, who);
  const skill = await getSkillRowOrThrow(skillName);
  const existing = await db.agentSkill.findUnique({ where: { agentId_skillId: { agentId: agent.id, skillId: skill.id } } });
  if (!existing) {
    try {
      await db.$transaction([
        db.agentSkill.create({ data: { agentId: agent.id, skillId: skill.id, assignedById: who.userId } }),
        markChanged(agent.id),
      ]);
    } catch (err) {
      // Assigned by a simultaneous request: the result is the same.
      if ((err as { code?: string }).code !== "P2002") throw err;
    }
  }
  return { created: !existing, skills: await getAgentSkills(agentName) };
}

/** Unassigning what is not assigned is not an error: the caller wanted it gone and it is. */
export async function unassignSkill(agentName: string, skillName: string, who: Identity): Promise<void> {
  const agent = await managedAgent(agentName, who);
  const skill = await getSkillRowOrThrow(skillName);
  const { count } = await db.agentSkill.deleteMany({ where: { agentId: agent.id, skillId: skill.id } });
  if (count > 0) await markChanged(agent.id);
}
