// The bundled library: `skills/<name>/SKILL.md` in Cadre's own folder, taken into the database at every boot.
import fs from "node:fs/promises";
import path from "node:path";
import { listSkillFolders, readSkillFolder } from "./files";
import { type ImportResult, importSkillFolders } from "./import";

/** Resolved from the working directory, as the rest of the server does for Cadre's own files (npm start runs there). */
export function bundledSkillsDir(root = process.cwd()): string {
  return path.join(root, "skills");
}

/** New folders are added, changed ones updated unless edited in Cadre (then a conflict); a bad one is listed invalid. */
export async function importBundledSkills(dir = bundledSkillsDir()): Promise<ImportResult> {
  const exists = await fs
    .stat(dir)
    .then((s) => s.isDirectory())
    .catch(() => false);
  const folders = exists ? await Promise.all((await listSkillFolders(dir)).map(readSkillFolder)) : [];
  return importSkillFolders({ source: "bundled", version: null, folders });
}
