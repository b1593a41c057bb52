// Writing an agent's assigned skills into its workspace when it starts: `.claude/commands/<name>.md` (what Claude Code
// expands for `/name args`) and supporting files under `.claude/skills/<name>/`. A manifest records what Cadre wrote,
// so stale skills are removed and files Cadre did not write are never touched. The agent itself can change its
// workspace, so no symbolic link is followed: a linked folder on the way is refused and files are opened O_NOFOLLOW.
import { constants } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { ensureWorkspace } from "../agents/workspace";
import { db } from "../db";
import { AppError } from "../errors";
import { readStoredFiles, skillHash } from "./files";
import { renderCommandFile } from "./render";
import { SkillFilePath, SkillName } from "./schemas";

export const MANIFEST = [".claude", ".cadre-skills.json"];
const COMMANDS = [".claude", "commands"];
const SKILLS = [".claude", "skills"];

const Manifest = z.object({
  version: z.literal(1),
  // hash: of what was written (command file and supporting files), to tell whether a start would write the same
  skills: z.record(SkillName, z.object({ files: z.array(SkillFilePath), hash: z.string().optional() })),
  // assigned skills the start could not write (a file Cadre did not write is in the way), with the same hash
  skipped: z.record(SkillName, z.string()).optional(),
});
type Manifest = z.infer<typeof Manifest>;

export interface InjectResult {
  written: string[];
  removed: string[];
  /** "name: reason" for assigned skills not written (a file Cadre did not write is in the way) */
  skipped: string[];
}

function refuse(rel: string, why: string): AppError {
  return new AppError("conflict", `Cannot write skills into the agent's workspace: ${rel} ${why} (Cadre writes only inside the workspace)`);
}

/** Joins inside the workspace and checks the result stays there (the parts are slugs and checked paths already). */
function inside(ws: string, parts: string[]): string {
  const full = path.resolve(ws, ...parts);
  if (!full.startsWith(ws + path.sep)) throw refuse(parts.join("/"), "leads outside");
  return full;
}

/** Each folder on the way must be a real folder; missing ones are made (when `create`), links are refused. */
async function safeDir(ws: string, parts: string[], create: boolean): Promise<boolean> {
  for (let i = 1; i <= parts.length; i += 1) {
    const dir = inside(ws, parts.slice(0, i));
    const stat = await fs.lstat(dir).catch(() => null);
    if (stat?.isSymbolicLink()) throw refuse(parts.slice(0, i).join("/"), "is a symbolic link");
    if (stat && !stat.isDirectory()) throw refuse(parts.slice(0, i).join("/"), "is not a folder");
    if (!stat) {
      if (!create) return false;
      await fs.mkdir(dir);
    }
  }
  return true;
}

async function writeNoFollow(file: string, content: string): Promise<void> {
  const handle = await fs.open(file, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o644);
  try {
    await handle.writeFile(content);
  } finally {
    await handle.close();
  }
}

async function readNoFollow(file: string): Promise<string | null> {
  try {
    const handle = await fs.open(file, constants.O_RDONLY | constants.O_NOFOLLOW);
    return await handle.readFile("utf8").finally(() => handle.close());
  } catch {
    return null;
  }
}

async function writeInside(ws: string, parts: string[], content: string): Promise<void> {
  await safeDir(ws, parts.slice(0, -1), true);
  await writeNoFollow(inside(ws, parts), content).catch((err: NodeJS.ErrnoException) => {
    if (err.code === "ELOOP") throw refuse(parts.join("/"), "is a symbolic link");
    throw err;
  });
}

/** Unlinks a file Cadre wrote (unlink removes a link itself, never its target) and prunes emptied folders. */
async function removeInside(ws: string, parts: string[], pruneUpTo: number): Promise<void> {
  if (!(await safeDir(ws, parts.slice(0, -1), false))) return;
  await fs.unlink(inside(ws, parts)).catch(() => undefined);
  for (let i = parts.length - 1; i > pruneUpTo; i -= 1) {
    const removed = await fs.rmdir(inside(ws, parts.slice(0, i))).then(() => true).catch(() => false);
    if (!removed) break;
  }
}

const exists = (file: string) => fs.lstat(file).then(() => true, () => false);

/** What the agent's last start wrote into `workspaceDir`: empty when nothing was, or it cannot be read. */
export async function readManifest(workspaceDir: string): Promise<Manifest> {
  const empty: Manifest = { version: 1, skills: {} };
  try {
    const ws = await fs.realpath(workspaceDir);
    if (!(await safeDir(ws, MANIFEST.slice(0, -1), false))) return empty;
    const text = await readNoFollow(inside(ws, MANIFEST));
    const parsed = Manifest.safeParse(JSON.parse(text ?? "{}"));
    return parsed.success ? parsed.data : empty;
  } catch {
    return empty;
  }
}

const skillParts = (name: string, file: string) => [...SKILLS, name, ...file.split("/")];
const commandParts = (name: string) => [...COMMANDS, `${name}.md`];

async function removeSkill(ws: string, name: string, files: string[]): Promise<void> {
  await removeInside(ws, commandParts(name), COMMANDS.length);
  for (const file of files) await removeInside(ws, skillParts(name, file), SKILLS.length - 1);
}

interface AssignedSkill {
  name: string;
  description: string;
  argumentHint: string | null;
  body: string;
  files: { path: string; content: string }[];
}

async function writeSkill(ws: string, skill: AssignedSkill, before: string[] | undefined): Promise<string[]> {
  const commandFile = inside(ws, commandParts(skill.name));
  const command = renderCommandFile(skill);
  // A file with exactly Cadre's content is Cadre's even when the manifest lost track of it (deleted, tampered with).
  if (!before && (await exists(commandFile)) && (await readNoFollow(commandFile)) !== command) {
    throw new Error(".claude/commands already has a file of that name that Cadre did not write");
  }
  await writeInside(ws, commandParts(skill.name), command);
  const written: string[] = [];
  for (const file of skill.files) {
    const parts = skillParts(skill.name, file.path);
    // A file someone else put there keeps its content; Cadre only overwrites what it wrote.
    if (!before?.includes(file.path) && (await exists(inside(ws, parts)))) continue;
    await writeInside(ws, parts, file.content);
    written.push(file.path);
  }
  const stale = (before ?? []).filter((f) => !written.includes(f));
  for (const file of stale) await removeInside(ws, skillParts(skill.name, file), SKILLS.length - 1);
  return written;
}

const injectionHash = (skill: AssignedSkill) => skillHash(renderCommandFile(skill), skill.files);

async function assignedValidSkills(agentId: string): Promise<AssignedSkill[]> {
  const rows = await db.agentSkill.findMany({
    where: { agentId, skill: { valid: true } },
    include: { skill: true },
    orderBy: { skill: { name: "asc" } },
  });
  return rows.map(({ skill }) => ({
    name: skill.name,
    description: skill.description,
    argumentHint: skill.argumentHint,
    body: skill.body,
    files: readStoredFiles(skill.files),
  }));
}

/** Brings the workspace's injected skills in line with the agent's assigned valid skills. */
export async function injectSkills(agent: { id: string; name: string }): Promise<InjectResult> {
  const ws = await fs.realpath(await ensureWorkspace(agent.name));
  const skills = await assignedValidSkills(agent.id);
  const previous = await readManifest(ws);
  const result: InjectResult = { written: [], removed: [], skipped: [] };
  const next: Manifest = { version: 1, skills: {}, skipped: {} };
  const wanted = new Set(skills.map((s) => s.name));
  for (const [name, entry] of Object.entries(previous.skills)) {
    if (wanted.has(name)) continue;
    await removeSkill(ws, name, entry.files);
    result.removed.push(name);
  }
  for (const skill of skills) {
    try {
      next.skills[skill.name] = { files: await writeSkill(ws, skill, previous.skills[skill.name]?.files), hash: injectionHash(skill) };
      result.written.push(skill.name);
    } catch (err) {
      if (err instanceof AppError) throw err;
      result.skipped.push(`${skill.name}: ${err instanceof Error ? err.message : String(err)}`);
      next.skipped![skill.name] = injectionHash(skill);
    }
  }
  await writeInside(ws, MANIFEST, `${JSON.stringify(next, null, 2)}\n`);
  if (result.skipped.length > 0) console.warn(`[skills] agent ${agent.name}: not injected: ${result.skipped.join("; ")}`);
  return result;
}

/**
 * What the agent's last start wrote (names, sorted), and whether a start now would write something else: a skill
 * assigned or unassigned since, or one whose command or files changed. Edits that do not reach the workspace (the
 * license, a conflict waiting beside the skill) do not count.
 */
export async function injectionState(agent: { id: string; name: string }): Promise<{ injected: string[]; outdated: boolean }> {
  const manifest = await readManifest(await ensureWorkspace(agent.name));
  const wanted = await assignedValidSkills(agent.id);
  const injected = Object.keys(manifest.skills).sort();
  // A skill the last start skipped counts as given: starting again would meet the same file in its way.
  const given = (name: string) => manifest.skills[name]?.hash ?? manifest.skipped?.[name];
  const wantedNames = new Set(wanted.map((skill) => skill.name));
  const outdated = injected.some((name) => !wantedNames.has(name)) || wanted.some((skill) => given(skill.name) !== injectionHash(skill));
  return { injected, outdated };
}
