// Taking skills from a source (the bundled folder or a Git checkout) into the library. A skill edited in Cadre is
// never overwritten: the incoming version waits beside it as a conflict until an admin chooses.
import { db } from "../db";
import type { Skill } from "../db/client-types";
import { readStoredFiles, skillHash, storeFiles, type SkillFolder } from "./files";
import { parseSkillMd } from "./parse";
import { SkillName } from "./schemas";
import { skillColumns } from "./skills";

export type SourceKind = "bundled" | "git";

export interface ImportResult {
  added: string[];
  updated: string[];
  removed: string[];
  conflicts: string[];
  /** "name: reason" for every folder that is listed invalid or could not be taken at all */
  invalid: string[];
}

export interface ImportOptions {
  source: SourceKind;
  /** commit sha for Git; for the bundled folder, the skill's own hash is used */
  version: string | null;
  folders: SkillFolder[];
  /** Git only: skills of this source missing from the folders are removed (unless edited here) */
  removeMissing: boolean;
}

const emptyResult = (): ImportResult => ({ added: [], updated: [], removed: [], conflicts: [], invalid: [] });

/** A source may take over a skill of its own kind, a bundled one (Git overrides the bundle) or one made here. */
function mayTake(existing: Skill, source: SourceKind): boolean {
  if (existing.source === source || existing.source === "cadre") return true;
  return source === "git" && existing.source === "bundled";
}

type Outcome = "added" | "updated" | "conflict" | "same";

async function takeOne(folder: SkillFolder & { content: string }, opts: ImportOptions): Promise<Outcome> {
  const columns = () => skillColumns(folder.name, folder.content, folder.files, folder.error);
  const incomingHash = skillHash(folder.content, folder.files);
  const version = opts.version ?? incomingHash.slice(0, 12);
  const existing = await db.skill.findUnique({ where: { name: folder.name } });
  const fromSource = { source: opts.source, sourceVersion: version, sourceHash: incomingHash };
  if (!existing) {
    await db.skill.create({ data: { name: folder.name, ...columns(), ...fromSource } });
    return "added";
  }
  if (!mayTake(existing, opts.source)) return "same";
  const waiting = existing.conflictContent !== null ? skillHash(existing.conflictContent, readStoredFiles(existing.conflictFiles)) : null;
  const unchangedUpstream = existing.source === opts.source && existing.sourceHash === incomingHash;
  if (unchangedUpstream || waiting === incomingHash) return "same";

  const currentHash = skillHash(existing.content, readStoredFiles(existing.files));
  const clearConflict = { conflictContent: null, conflictFiles: null, conflictVersion: null };
  if (currentHash === incomingHash) {
    // Cadre already has exactly this version (e.g. the same edit made on both sides): only the bookkeeping changes.
    await db.skill.update({ where: { id: existing.id }, data: { ...fromSource, ...clearConflict } });
    return "same";
  }
  const editedHere = existing.source === "cadre" || existing.sourceHash !== currentHash;
  if (editedHere) {
    await db.skill.update({
      where: { id: existing.id },
      data: {
        source: opts.source,
        // A skill made here never had a source version; null keeps it "edited" until the admin chooses.
        sourceHash: existing.source === "cadre" ? null : existing.sourceHash,
        conflictContent: folder.content,
        conflictFiles: storeFiles(folder.files),
        conflictVersion: version,
      },
    });
    return "conflict";
  }
  await db.skill.update({
    where: { id: existing.id },
    data: { ...columns(), ...fromSource, ...clearConflict },
  });
  return "updated";
}

/** Skills the source no longer has: removed, or kept as Cadre's own when edited here (nothing is lost silently). */
async function removeMissing(opts: ImportOptions, present: Set<string>, result: ImportResult): Promise<void> {
  const gone = (await db.skill.findMany({ where: { source: opts.source } })).filter((s) => !present.has(s.name));
  for (const skill of gone) {
    const edited = skill.sourceHash !== skillHash(skill.content, readStoredFiles(skill.files));
    if (edited) {
      await db.skill.update({
        where: { id: skill.id },
        data: { source: "cadre", sourceHash: null, sourceVersion: null, conflictContent: null, conflictFiles: null, conflictVersion: null },
      });
    } else {
      await db.skill.delete({ where: { id: skill.id } });
    }
    result.removed.push(skill.name);
  }
}

export async function importSkillFolders(opts: ImportOptions): Promise<ImportResult> {
  const result = emptyResult();
  const present = new Set<string>();
  for (const folder of opts.folders) {
    if (!SkillName.safeParse(folder.name).success) {
      result.invalid.push(`${folder.name}: the folder name is not a skill name (lowercase letters, digits, hyphens)`);
      continue;
    }
    present.add(folder.name);
    // An unreadable SKILL.md (binary, too large) is stored as its reason, so the library lists it invalid.
    const content = folder.content ?? "";
    const outcome = await takeOne({ ...folder, content }, opts);
    if (outcome === "added") result.added.push(folder.name);
    if (outcome === "updated") result.updated.push(folder.name);
    if (outcome === "conflict") result.conflicts.push(folder.name);
    const reason = folder.error ?? parseSkillMd(content, folder.name).error;
    if (reason) result.invalid.push(`${folder.name}: ${reason}`);
  }
  if (opts.removeMissing) await removeMissing(opts, present, result);
  return result;
}
