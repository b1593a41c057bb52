// A Git sync as a plan: computed from the checkout and the library without writing (the preview), and applied only
// when an admin confirms it. The fingerprint covers the repository, the commit and every step, so a confirmation
// applies exactly what was shown; anything that changed since makes the fingerprint differ.
import crypto from "node:crypto";
import { db, dialect, type Tx } from "@/lib/db";
import type { SkillFolder } from "./files";
import { applyDecision, decideTake, incomingFolders, isEditedHere, type TakeDecision } from "./import";
import type { SkillSyncConflictReason, SkillSyncPreviewDto } from "./schemas";

export interface SyncTarget {
  repoUrl: string;
  branch: string;
  folder: string;
  commit: string;
}

interface Assignment {
  agentId: string;
  agentName: string;
  assignedById: string | null;
  assignedAt: Date;
}

type Step =
  | { kind: "take"; name: string; decision: TakeDecision; restore: Assignment[] }
  | { kind: "remove"; id: string; name: string; assignments: Assignment[] }
  | { kind: "keep"; id: string; name: string };

export interface PlannedSync {
  preview: SkillSyncPreviewDto;
  steps: Step[];
}

const CONFLICT_MESSAGES: Record<SkillSyncConflictReason, string> = {
  edited: "Edited here and changed upstream: Cadre's version stays; the upstream one waits beside it until you choose.",
  local: "A skill made here has this name: it stays; the upstream one waits beside it until you choose.",
  bundled: "A bundled skill has this name: the upstream one replaces it.",
};

const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const liveAgent = { deletedAt: null };

/** Assignments a removal would end, per skill id (agents being deleted are left out: they go anyway). */
async function assignmentsOf(skillIds: string[], tx: Tx): Promise<Map<string, Assignment[]>> {
  const rows = await tx.agentSkill.findMany({
    where: { skillId: { in: skillIds }, agent: liveAgent },
    include: { agent: { select: { name: true } } },
  });
  const out = new Map<string, Assignment[]>();
  for (const r of rows) {
    const list = out.get(r.skillId) ?? [];
    list.push({ agentId: r.agentId, agentName: r.agent.name, assignedById: r.assignedById, assignedAt: r.assignedAt });
    out.set(r.skillId, list);
  }
  return out;
}

/** Assignments remembered from an earlier removal, per skill name. */
async function rememberedFor(names: string[], tx: Tx): Promise<Map<string, Assignment[]>> {
  const rows = await tx.removedSkillAssignment.findMany({
    where: { skillName: { in: names }, agent: liveAgent },
    include: { agent: { select: { name: true } } },
  });
  const out = new Map<string, Assignment[]>();
  for (const r of rows) {
    const list = out.get(r.skillName) ?? [];
    list.push({ agentId: r.agentId, agentName: r.agent.name, assignedById: r.assignedById, assignedAt: r.assignedAt });
    out.set(r.skillName, list);
  }
  return out;
}

const agentNames = (list: Assignment[] | undefined) => (list ?? []).map((a) => a.agentName).sort();

function fingerprintOf(target: SyncTarget, preview: Omit<SkillSyncPreviewDto, "fingerprint">, steps: Step[]): string {
  const summary = steps.map((s) => [s.kind, s.name, s.kind === "take" ? s.decision.kind : ""]);
  return crypto.createHash("sha256").update(JSON.stringify({ target, preview, summary })).digest("hex");
}

/** Reads only. Skills of the Git source missing from the folders are removed, or kept when edited here. */
export async function planSync(target: SyncTarget, folders: SkillFolder[], tx: Tx = db): Promise<PlannedSync> {
  const invalid: string[] = [];
  const incoming = incomingFolders(folders, invalid).sort(byName);
  const library = await tx.skill.findMany({ orderBy: { name: "asc" } });
  const existing = new Map(library.map((s) => [s.name, s]));
  const present = new Set(incoming.map((f) => f.name));
  const gone = library.filter((s) => s.source === "git" && !present.has(s.name));
  const removable = gone.filter((s) => !isEditedHere(s));
  const [losing, remembered] = await Promise.all([
    assignmentsOf(
      removable.map((s) => s.id),
      tx,
    ),
    rememberedFor(
      incoming.filter((f) => !existing.has(f.name)).map((f) => f.name),
      tx,
    ),
  ]);

  const steps: Step[] = [];
  const preview: Omit<SkillSyncPreviewDto, "fingerprint"> = {
    ...target,
    added: [],
    updated: [],
    removed: [],
    kept: [],
    conflicts: [],
    invalid,
    unchanged: 0,
  };
  for (const folder of incoming) {
    const decision = decideTake(existing.get(folder.name) ?? null, folder, "git", target.commit);
    const restore = decision.kind === "add" ? (remembered.get(folder.name) ?? []) : [];
    if (decision.kind !== "same") steps.push({ kind: "take", name: folder.name, decision, restore });
    if (decision.kind === "add") preview.added.push({ name: folder.name, restores: agentNames(restore) });
    else if (decision.kind === "update" && decision.replaces) {
      preview.conflicts.push({ name: folder.name, reason: "bundled", message: CONFLICT_MESSAGES.bundled });
    } else if (decision.kind === "update") preview.updated.push(folder.name);
    else if (decision.kind === "conflict") {
      preview.conflicts.push({ name: folder.name, reason: decision.clash, message: CONFLICT_MESSAGES[decision.clash] });
    } else preview.unchanged += 1;
  }
  for (const skill of gone) {
    if (removable.includes(skill)) {
      const assignments = losing.get(skill.id) ?? [];
      steps.push({ kind: "remove", id: skill.id, name: skill.name, assignments });
      preview.removed.push({ name: skill.name, agents: agentNames(assignments) });
    } else {
      steps.push({ kind: "keep", id: skill.id, name: skill.name });
      preview.kept.push(skill.name);
    }
  }
  return { preview: { fingerprint: fingerprintOf(target, preview, steps), ...preview }, steps };
}

/** Until the transaction ends no one else edits, deletes or assigns a skill (PostgreSQL; SQLite has one writer). */
export async function lockLibrary(tx: Tx): Promise<void> {
  await tx.$queryRaw`SELECT "id" FROM "Skill" ${dialect().forUpdate}`;
}

async function applyStep(step: Step, tx: Tx): Promise<void> {
  if (step.kind === "take" && step.decision.kind === "add") {
    const skill = await tx.skill.create({ data: step.decision.data });
    // The skill is back: the agents that had it when a sync removed it get it again.
    for (const a of step.restore) {
      await tx.agentSkill.create({
        data: { agentId: a.agentId, skillId: skill.id, assignedById: a.assignedById, assignedAt: a.assignedAt },
      });
    }
    await tx.removedSkillAssignment.deleteMany({ where: { skillName: step.name } });
  } else if (step.kind === "take") {
    await applyDecision(step.decision, tx);
  } else if (step.kind === "remove") {
    const agentIds = step.assignments.map((a) => a.agentId);
    await tx.removedSkillAssignment.deleteMany({ where: { skillName: step.name, agentId: { in: agentIds } } });
    for (const a of step.assignments) {
      await tx.removedSkillAssignment.create({
        data: { agentId: a.agentId, skillName: step.name, assignedById: a.assignedById, assignedAt: a.assignedAt },
      });
    }
    await tx.skill.delete({ where: { id: step.id } });
  } else {
    await tx.skill.update({
      where: { id: step.id },
      data: {
        source: "cadre",
        sourceHash: null,
        sourceVersion: null,
        conflictContent: null,
        conflictFiles: null,
        conflictVersion: null,
      },
    });
  }
}

export async function applyPlan(plan: PlannedSync, tx: Tx): Promise<void> {
  for (const step of plan.steps) await applyStep(step, tx);
}
