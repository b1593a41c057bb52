// Taking skills from a source (the bundled folder or a Git checkout) into the library. A skill edited in Cadre is
// never overwritten: the incoming version waits beside it as a conflict until an admin chooses. What to do with one
// incoming folder is decided here without writing (a Git sync previews it first); the bundled import writes at once.
import { db, type Tx } from "@/lib/db";
import type { Prisma, Skill } from "@/lib/db/client-types";
import { readStoredFiles, type SkillFolder, skillHash, storeFiles } from "./files";
import { parseSkillMd } from "./parse";
import { SkillName } from "./schemas";
import { skillColumns } from "./skills";

export type SourceKind = "bundled" | "git";

export interface ImportResult {
  added: string[];
  updated: string[];
  conflicts: string[];
  /** "name: reason" for every folder that is listed invalid or could not be taken at all */
  invalid: string[];
}

export interface ImportOptions {
  source: SourceKind;
  /** commit sha for Git; for the bundled folder, the skill's own hash is used */
  version: string | null;
  folders: SkillFolder[];
}

export type IncomingFolder = SkillFolder & { content: string };

/**
 * What taking one folder does. `clash` says why a conflict is one: the skill was edited here, or a skill made here
 * has the name; `replaces` names the other source an update takes over (Git overrides the bundle).
 */
export type TakeDecision =
  | { kind: "same" }
  | { kind: "add"; data: Prisma.SkillUncheckedCreateInput }
  | { kind: "update"; id: string; data: Prisma.SkillUncheckedUpdateInput; replaces: "bundled" | null }
  | { kind: "bookkeep"; id: string; data: Prisma.SkillUncheckedUpdateInput }
  | { kind: "conflict"; id: string; data: Prisma.SkillUncheckedUpdateInput; clash: "edited" | "local" };

/** A source may take over a skill of its own kind, a bundled one (Git overrides the bundle) or one made here. */
function mayTake(existing: Skill, source: SourceKind): boolean {
  if (existing.source === source || existing.source === "cadre") return true;
  return source === "git" && existing.source === "bundled";
}

/** Changed in Cadre since it was taken from its source (a skill made here always counts as edited). */
export function isEditedHere(skill: Skill): boolean {
  return skill.source === "cadre" || skill.sourceHash !== skillHash(skill.content, readStoredFiles(skill.files));
}

export function decideTake(
  existing: Skill | null,
  folder: IncomingFolder,
  source: SourceKind,
  sourceVersion: string | null,
): TakeDecision {
  const incomingHash = skillHash(folder.content, folder.files);
  const fromSource = { source, sourceVersion: sourceVersion ?? incomingHash.slice(0, 12), sourceHash: incomingHash };
  const columns = () => skillColumns(folder.name, folder.content, folder.files, folder.error);
  if (!existing) return { kind: "add", data: { name: folder.name, ...columns(), ...fromSource } };
  if (!mayTake(existing, source)) return { kind: "same" };
  const waiting =
    existing.conflictContent !== null
      ? skillHash(existing.conflictContent, readStoredFiles(existing.conflictFiles))
      : null;
  const unchangedUpstream = existing.source === source && existing.sourceHash === incomingHash;
  if (unchangedUpstream || waiting === incomingHash) return { kind: "same" };

  const clearConflict = { conflictContent: null, conflictFiles: null, conflictVersion: null };
  if (skillHash(existing.content, readStoredFiles(existing.files)) === incomingHash) {
    // Cadre already has exactly this version (e.g. the same edit made on both sides): only the bookkeeping changes.
    return { kind: "bookkeep", id: existing.id, data: { ...fromSource, ...clearConflict } };
  }
  if (isEditedHere(existing)) {
    const data = {
      source,
      // A skill made here never had a source version; null keeps it "edited" until the admin chooses.
      sourceHash: existing.source === "cadre" ? null : existing.sourceHash,
      conflictContent: folder.content,
      conflictFiles: storeFiles(folder.files),
      conflictVersion: fromSource.sourceVersion,
    };
    return { kind: "conflict", id: existing.id, data, clash: existing.source === "cadre" ? "local" : "edited" };
  }
  const replaces = existing.source === "bundled" && source !== "bundled" ? "bundled" : null;
  return { kind: "update", id: existing.id, data: { ...columns(), ...fromSource, ...clearConflict }, replaces };
}

/** Writes what was decided. */
export async function applyDecision(decision: TakeDecision, tx: Tx = db): Promise<void> {
  if (decision.kind === "add") await tx.skill.create({ data: decision.data });
  else if (decision.kind !== "same") await tx.skill.update({ where: { id: decision.id }, data: decision.data });
}

/** A folder whose name is no skill name is listed invalid and not taken; an unreadable SKILL.md is taken as its reason. */
export function incomingFolders(folders: SkillFolder[], invalid: string[]): IncomingFolder[] {
  const taken: IncomingFolder[] = [];
  for (const folder of folders) {
    if (!SkillName.safeParse(folder.name).success) {
      invalid.push(`${folder.name}: the folder name is not a skill name (lowercase letters, digits, hyphens)`);
      continue;
    }
    // An unreadable SKILL.md (binary, too large) is stored as its reason, so the library lists it invalid.
    const content = folder.content ?? "";
    taken.push({ ...folder, content });
    const reason = folder.error ?? parseSkillMd(content, folder.name).error;
    if (reason) invalid.push(`${folder.name}: ${reason}`);
  }
  return taken;
}

/** Takes every folder at once (the bundled library at boot); nothing is ever removed here. */
export async function importSkillFolders(opts: ImportOptions): Promise<ImportResult> {
  const result: ImportResult = { added: [], updated: [], conflicts: [], invalid: [] };
  for (const folder of incomingFolders(opts.folders, result.invalid)) {
    const existing = await db.skill.findUnique({ where: { name: folder.name } });
    const decision = decideTake(existing, folder, opts.source, opts.version);
    await applyDecision(decision);
    if (decision.kind === "add") result.added.push(folder.name);
    if (decision.kind === "update") result.updated.push(folder.name);
    if (decision.kind === "conflict") result.conflicts.push(folder.name);
  }
  return result;
}
