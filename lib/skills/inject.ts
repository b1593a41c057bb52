// Writing an agent's skills into its workspace: `.claude/commands/<name>.md` (what Claude Code expands for
// `/name args`) and supporting files under `.claude/skills/<name>/`. A start (or restart) stores what the agent is
// given — its assigned valid skills with their content — on the agent as its skill snapshot; the runner that runs a
// task writes that snapshot into its own copy of the workspace first, when the workspace's manifest says it holds
// something else. So a skill assigned or edited since applies at the next start, on whichever machine runs it.
// The manifest records what Cadre wrote, so stale skills are removed and files Cadre did not write are never touched.
// The agent itself can change its workspace, so no symbolic link is followed: a linked folder on the way is refused
// and files are opened O_NOFOLLOW.
import { constants } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { ensureWorkspace } from "@/lib/agents/workspace";
import { db, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
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
  return new AppError(
    "conflict",
    `Cannot write skills into the agent's workspace: ${rel} ${why} (Cadre writes only inside the workspace)`,
  );
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
  const handle = await fs.open(
    file,
    constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW,
    0o644,
  );
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
    const removed = await fs
      .rmdir(inside(ws, parts.slice(0, i)))
      .then(() => true)
      .catch(() => false);
    if (!removed) break;
  }
}

const exists = (file: string) =>
  fs.lstat(file).then(
    () => true,
    () => false,
  );

/** What the agent's last start wrote into `workspaceDir`: empty when nothing was, or it cannot be read. */
export async function readManifest(workspaceDir: string): Promise<Manifest> {
  return manifestAt(await fs.realpath(workspaceDir).catch(() => workspaceDir));
}

/** readManifest of a workspace whose real path is known. */
async function manifestAt(ws: string): Promise<Manifest> {
  const empty: Manifest = { version: 1, skills: {} };
  try {
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

/** One skill as a start gives it to the agent: what the command file and the supporting files are made from. */
const SnapshotSkill = z.object({
  name: SkillName,
  description: z.string(),
  argumentHint: z.string().nullable(),
  body: z.string(),
  files: z.array(z.object({ path: z.string(), content: z.string() })),
});
type AssignedSkill = z.infer<typeof SnapshotSkill>;
const SkillSnapshot = z.array(SnapshotSkill);

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

async function assignedValidSkills(agentId: string, tx: Tx = db): Promise<AssignedSkill[]> {
  const rows = await tx.agentSkill.findMany({
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

/** What a start gives the agent now (Agent.skillSnapshot): its assigned valid skills with their content, as JSON. */
export async function takeSkillSnapshot(agentId: string, tx: Tx = db): Promise<string> {
  return JSON.stringify(await assignedValidSkills(agentId, tx));
}

/** The snapshot's skills; a snapshot that does not read (a hand-edited database) refuses the run that needs it. */
function readSnapshot(json: string): AssignedSkill[] {
  let parsed: ReturnType<typeof SkillSnapshot.safeParse> | null;
  try {
    parsed = SkillSnapshot.safeParse(JSON.parse(json));
  } catch {
    parsed = null;
  }
  if (!parsed?.success)
    throw new AppError("conflict", "The agent's skill snapshot is not readable; restart the agent to take it again");
  // A path the library would refuse never reaches the file system, whatever the column holds.
  return parsed.data.map((skill) => ({
    ...skill,
    files: skill.files.filter((f) => SkillFilePath.safeParse(f.path).success),
  }));
}

/**
 * Whether writing `skills` would change what the manifest says was written: a skill added or removed, or one whose
 * command or files changed. A skill the last write skipped counts as given: writing again would meet the same file in
 * its way.
 */
function differs(manifest: Manifest, skills: AssignedSkill[]): boolean {
  const given = (name: string) => manifest.skills[name]?.hash ?? manifest.skipped?.[name];
  const wanted = new Set(skills.map((skill) => skill.name));
  return (
    Object.keys(manifest.skills).some((name) => !wanted.has(name)) ||
    skills.some((skill) => given(skill.name) !== injectionHash(skill))
  );
}

/** Brings the workspace's injected skills in line with `skills`. */
async function writeSkills(ws: string, skills: AssignedSkill[], previous: Manifest): Promise<InjectResult> {
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
      next.skills[skill.name] = {
        files: await writeSkill(ws, skill, previous.skills[skill.name]?.files),
        hash: injectionHash(skill),
      };
      result.written.push(skill.name);
    } catch (err) {
      if (err instanceof AppError) throw err;
      result.skipped.push(`${skill.name}: ${err instanceof Error ? err.message : String(err)}`);
      next.skipped![skill.name] = injectionHash(skill);
    }
  }
  await writeInside(ws, MANIFEST, `${JSON.stringify(next, null, 2)}\n`);
  return result;
}

/**
 * Before a run, on the runner: writes the agent's skill snapshot into its workspace here unless the manifest shows
 * it is there already. Null when nothing had to be written. Throws AppError when the workspace refuses (a link).
 * `workspaceDir`: the agent's workspace when the caller has already made sure it is there.
 */
export async function applySkillSnapshot(
  agent: { name: string; skillSnapshot: string },
  workspaceDir?: string,
): Promise<InjectResult | null> {
  const ws = await fs.realpath(workspaceDir ?? (await ensureWorkspace(agent.name)));
  const skills = readSnapshot(agent.skillSnapshot);
  const previous = await manifestAt(ws);
  if (!differs(previous, skills)) return null;
  return writeSkills(ws, skills, previous);
}

/**
 * What the agent's last start gave it (names, sorted), and whether a start now would give something else: a skill
 * assigned or unassigned since, or one whose command or files changed. Edits that do not reach the workspace (the
 * license, a conflict waiting beside the skill) do not count. Read from the database: the workspace may be on
 * another machine.
 */
export async function injectionState(agentId: string): Promise<{ injected: string[]; outdated: boolean }> {
  const [agent, wanted] = await Promise.all([
    db.agent.findUnique({ where: { id: agentId }, select: { skillSnapshot: true } }),
    assignedValidSkills(agentId),
  ]);
  let given: AssignedSkill[];
  try {
    given = readSnapshot(agent?.skillSnapshot ?? "[]");
  } catch {
    given = [];
  }
  const hashes = new Map(given.map((skill) => [skill.name, injectionHash(skill)]));
  const wantedNames = new Set(wanted.map((skill) => skill.name));
  const outdated =
    given.some((skill) => !wantedNames.has(skill.name)) ||
    wanted.some((skill) => hashes.get(skill.name) !== injectionHash(skill));
  return { injected: [...hashes.keys()].sort(), outdated };
}
