// Which skills an agent has. Owners and admins change them; a change reaches the workspace at the next start, so a
// running agent whose workspace differs from what a start would write shows that a restart is pending.
import { assertCanManage } from "@/lib/agents/access";
import { type AgentWithOwner, getAgentOrThrow } from "@/lib/agents/agents";
import { type AuditActor, auditActor, auditStatement, auditWrite } from "@/lib/audit";
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

/** The audit entry of an assignment change (`skill.assigned` / `skill.unassigned`), about the agent. */
function assignmentRecord(
  action: "assigned" | "unassigned",
  agent: AgentWithOwner,
  skill: { id: string; name: string },
) {
  return {
    action: `skill.${action}`,
    targetType: "skill",
    targetId: skill.id,
    targetLabel: skill.name,
    agent: { id: agent.id, name: agent.name },
    ...(action === "assigned" ? { after: { agent: agent.name } } : { before: { agent: agent.name } }),
  };
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
  const removedSkills = await db.skill.findMany({ where: { id: { in: toRemove } }, select: { id: true, name: true } });
  const actor: AuditActor = auditActor(who);
  const toAdd = skills.filter((s) => !current.some((c) => c.skillId === s.id));
  if (toRemove.length > 0 || toAdd.length > 0) {
    await db.$transaction([
      db.agentSkill.deleteMany({ where: { agentId: agent.id, skillId: { in: toRemove } } }),
      ...toAdd.map((s) =>
        db.agentSkill.create({ data: { agentId: agent.id, skillId: s.id, assignedById: who.userId } }),
      ),
      ...removedSkills.map((s) => auditStatement(actor, assignmentRecord("unassigned", agent, s))),
      ...toAdd.map((s) => auditStatement(actor, assignmentRecord("assigned", agent, s))),
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
      await db.$transaction([
        db.agentSkill.create({ data: { agentId: agent.id, skillId: skill.id, assignedById: who.userId } }),
        auditStatement(auditActor(who), assignmentRecord("assigned", agent, skill)),
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
  await db.$transaction(async (t) => {
    const { count } = await t.agentSkill.deleteMany({ where: { agentId: agent.id, skillId: skill.id } });
    if (count > 0) await auditWrite(t, auditActor(who), assignmentRecord("unassigned", agent, skill));
  });
}
