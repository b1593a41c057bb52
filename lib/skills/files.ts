// A skill's supporting files: the JSON column they live in, the hash that tells an edit from the source's version,
// and reading a skill folder from disk (bundled library, Git checkout) without following links or reading binaries.
import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { decodeText } from "./parse";
import { SKILL_FILE_MAX_BYTES, SKILL_MAX_BYTES, SKILL_MAX_FILES, type SkillFileDto, SkillFilePath } from "./schemas";

export interface SkillFile {
  path: string;
  content: string;
}

const StoredFiles = z.array(z.object({ path: z.string(), content: z.string() }));

/** The files column; a row that does not parse (hand-edited database) reads as no files. */
export function readStoredFiles(json: string | null): SkillFile[] {
  if (!json) return [];
  try {
    const parsed = StoredFiles.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data.filter((f) => SkillFilePath.safeParse(f.path).success) : [];
  } catch {
    return [];
  }
}

export function sortFiles(files: SkillFile[]): SkillFile[] {
  return [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export function storeFiles(files: SkillFile[]): string {
  return JSON.stringify(sortFiles(files).map(({ path, content }) => ({ path, content })));
}

export function toFileDtos(files: SkillFile[]): SkillFileDto[] {
  return files.map((f) => ({ path: f.path, content: f.content, size: Buffer.byteLength(f.content) }));
}

/** Same SKILL.md and files, same hash: how "edited here" and "changed upstream" are told apart. */
export function skillHash(content: string, files: SkillFile[]): string {
  const h = crypto.createHash("sha256");
  h.update(content);
  for (const f of sortFiles(files)) h.update(`\0${f.path}\0${f.content}`);
  return h.digest("hex");
}

export interface SkillFolder {
  /** the folder's name, which the skill's `name` must equal */
  name: string;
  /** SKILL.md text, or null when it could not be read (then `error` says why) */
  content: string | null;
  error: string | null;
  files: SkillFile[];
  /** supporting files left out, with the reason */
  skipped: string[];
}

async function readCapped(file: string, cap: number): Promise<{ bytes: Buffer } | { error: string }> {
  const stat = await fs.lstat(file);
  if (stat.isSymbolicLink()) return { error: "is a symbolic link" };
  if (!stat.isFile()) return { error: "is not a regular file" };
  if (stat.size > cap) return { error: `is larger than ${cap / 1024} KB` };
  return { bytes: await fs.readFile(file) };
}

async function readTextFile(file: string, cap: number): Promise<{ text: string } | { error: string }> {
  const read = await readCapped(file, cap);
  return "error" in read ? read : decodeText(read.bytes);
}

/** Supporting files below `dir`, depth-first in name order; links, dot files, binaries and oversized files are skipped. */
async function walkFiles(root: string, rel: string, out: SkillFile[], skipped: string[]): Promise<void> {
  const entries = await fs.readdir(path.join(root, rel), { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const entry of entries) {
    const relPath = rel ? `${rel}/${entry.name}` : entry.name;
    if (!rel && entry.name === "SKILL.md") continue;
    if (entry.name.startsWith(".")) continue;
    if (entry.isSymbolicLink()) {
      skipped.push(`${relPath}: is a symbolic link`);
    } else if (entry.isDirectory()) {
      if (relPath.split("/").length < 5) await walkFiles(root, relPath, out, skipped);
      else skipped.push(`${relPath}: folders nest too deep`);
    } else if (!SkillFilePath.safeParse(relPath).success) {
      skipped.push(`${relPath}: not a plain file name`);
    } else if (out.length >= SKILL_MAX_FILES) {
      skipped.push(`${relPath}: more than ${SKILL_MAX_FILES} files`);
    } else {
      const read = await readTextFile(path.join(root, relPath), SKILL_FILE_MAX_BYTES);
      if ("error" in read) skipped.push(`${relPath}: ${read.error}`);
      else out.push({ path: relPath, content: read.text });
    }
  }
}

/** Reads one skill folder. Never throws for what is inside it; the caller decides what a folder name may be. */
export async function readSkillFolder(dir: string): Promise<SkillFolder> {
  const name = path.basename(dir);
  const files: SkillFile[] = [];
  const skipped: string[] = [];
  try {
    const read = await readTextFile(path.join(dir, "SKILL.md"), SKILL_MAX_BYTES);
    if ("error" in read) return { name, content: null, error: `SKILL.md ${read.error}`, files, skipped };
    await walkFiles(dir, "", files, skipped);
    return { name, content: read.text, error: null, files, skipped };
  } catch (err) {
    return {
      name,
      content: null,
      error: `could not read the folder: ${(err as NodeJS.ErrnoException).code ?? "error"}`,
      files,
      skipped,
    };
  }
}

/**
 * The skill folders directly inside `root` (each a real directory holding SKILL.md). Links are never followed, so a
 * repository cannot point Cadre at files outside it.
 */
export async function listSkillFolders(root: string): Promise<string[]> {
  const entries = await fs.readdir(root, { withFileTypes: true });
  const dirs: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name.startsWith(".")) continue;
    const skillMd = await fs.lstat(path.join(root, entry.name, "SKILL.md")).catch(() => null);
    if (skillMd) dirs.push(path.join(root, entry.name));
  }
  return dirs.sort();
}
