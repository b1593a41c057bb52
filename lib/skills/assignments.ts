// Which skills an agent has. Owners and admins change them; a change reaches the workspace at the next start, so a
// running agent whose workspace differs from what a start would write shows that a restart is pending.
import { assertCanManage } from "@/lib/agents/access";
import { type AgentWithOwner, getAgentOrThrow } from "@/lib/agents/agents";
import type { Identity } from "@/lib/auth/identity";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { skillSummaryInclude, toSkillSummaryDto } from "./dto";
import { injectionState } from "./inject";
import type { AgentSkillsDto } from "./schemas";
import { getSkillRowOrThrow } from "./skills";

export async function getAgentSkills(agentName: string): Promise<AgentSkillsDto> {
  const agent = await getAgentOrThrow(agentName);
  const [rows, { injected, outdated }] = await Promise.all([
    db.agentSkill.findMany({ where: { agentId: agent.id }, include: { skill: { include: skillSummaryInclude } } }),
    injectionState(agent.id),
  ]);
  const skills = rows.map((r) => r.skill).sort((a, b) => (a.name < b.name ? -1 : 1));
  return { skills: skills.map(toSkillSummaryDto), pendingRestart: agent.status === "running" && outdated, injected };
}

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
    const message = `There is no skill named ${unknown.map((n) => `"${n}"`).join(", ")}`;
    throw new AppError("validation_failed", message, [{ field: "skills", message }]);
  }
  const current = await db.agentSkill.findMany({ where: { agentId: agent.id }, select: { skillId: true } });
  const wanted = new Set(skills.map((s) => s.id));
  const toRemove = current.filter((c) => !wanted.has(c.skillId)).map((c) => c.skillId);
  const toAdd = skills.filter((s) => !current.some((c) => c.skillId === s.id));
  if (toRemove.length > 0 || toAdd.length > 0) {
    await db.$transaction([
      db.agentSkill.deleteMany({ where: { agentId: agent.id, skillId: { in: toRemove } } }),
      ...toAdd.map((s) =>
        db.agentSkill.create({ data: { agentId: agent.id, skillId: s.id, assignedById: who.userId } }),
      ),
    ]);
  }
  return getAgentSkills(agentName);
}

/** true when it was newly assigned (201), false when it already was (200). */
export async function assignSkill(
  agentName: string,
  skillName: string,
  who: Identity,
): Promise<{ created: boolean; skills: AgentSkillsDto }> {
  const agent = await managedAgent(agentName, who);
  const skill = await getSkillRowOrThrow(skillName);
  const existing = await db.agentSkill.findUnique({
    where: { agentId_skillId: { agentId: agent.id, skillId: skill.id } },
  });
  if (!existing) {
    try {
      await db.agentSkill.create({ data: { agentId: agent.id, skillId: skill.id, assignedById: who.userId } });
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
  await db.agentSkill.deleteMany({ where: { agentId: agent.id, skillId: skill.id } });
}
