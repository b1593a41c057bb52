// Syncing the library from a Git repository: settings, one sync at a time (a lock row makes starting one a single
// conditional write), the run itself in the background, and its record. The token is stored encrypted, read here and
// passed to git only.
import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import type { Identity } from "../auth/identity";
import { db } from "../db";
import type { SkillSync } from "../db/client-types";
import { config } from "../config";
import { conflict, fieldError } from "../errors";
import { getSecretSetting, getSetting, setSecretSetting, setSetting } from "../settings";
import { listSkillFolders, readSkillFolder } from "./files";
import { fetchBranch, redactToken } from "./git";
import { importSkillFolders, type ImportResult } from "./import";
import type { SkillSyncDto, SkillSyncSettingsInput, SkillSyncStatus, SkillSyncStatusDto } from "./schemas";

export const SKILL_SETTING_KEYS = {
  repoUrl: "skills.repoUrl",
  branch: "skills.branch",
  folder: "skills.folder",
  token: "skills.token",
} as const;
const LOCK_KEY = "skills.syncLock";
const RECENT_SHOWN = 10;

export interface SyncSettings {
  repoUrl: string | null;
  branch: string;
  folder: string;
  token: string | null;
}

export async function getSyncSettings(): Promise<SyncSettings> {
  const [repoUrl, branch, folder, token] = await Promise.all([
    getSetting(SKILL_SETTING_KEYS.repoUrl),
    getSetting(SKILL_SETTING_KEYS.branch),
    getSetting(SKILL_SETTING_KEYS.folder),
    getSecretSetting(SKILL_SETTING_KEYS.token),
  ]);
  return { repoUrl, branch: branch ?? "main", folder: folder ?? "", token };
}

const parseList = (json: string): string[] => {
  try {
    const v = JSON.parse(json);
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
};

export function toSkillSyncDto(row: SkillSync): SkillSyncDto {
  return {
    id: row.id,
    status: row.status as SkillSyncStatus,
    repoUrl: row.repoUrl,
    branch: row.branch,
    folder: row.folder,
    commit: row.commit,
    added: parseList(row.added),
    updated: parseList(row.updated),
    removed: parseList(row.removed),
    conflicts: parseList(row.conflicts),
    invalid: parseList(row.invalid),
    error: row.error,
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

export async function getSyncStatus(): Promise<SkillSyncStatusDto> {
  const [settings, rows] = await Promise.all([
    getSyncSettings(),
    db.skillSync.findMany({ orderBy: [{ startedAt: "desc" }, { id: "desc" }], take: RECENT_SHOWN }),
  ]);
  const recent = rows.map(toSkillSyncDto);
  return {
    settings: { repoUrl: settings.repoUrl, branch: settings.branch, folder: settings.folder, tokenSet: !!settings.token },
    running: recent.some((s) => s.status === "running"),
    last: recent[0] ?? null,
    recent,
  };
}

/** Absent fields stay; "" or null clears (branch and folder fall back to their defaults). */
export async function updateSyncSettings(input: SkillSyncSettingsInput): Promise<SkillSyncStatusDto> {
  const given: [string, string | null | undefined][] = [
    [SKILL_SETTING_KEYS.repoUrl, input.repoUrl],
    [SKILL_SETTING_KEYS.branch, input.branch],
    [SKILL_SETTING_KEYS.folder, input.folder?.replace(/^\/+|\/+$/g, "")],
  ];
  for (const [key, value] of given) if (value !== undefined) await setSetting(key, value);
  if (input.token !== undefined) await setSecretSetting(SKILL_SETTING_KEYS.token, input.token);
  return getSyncStatus();
}

export function skillsRepoDir(): string {
  return path.join(config().dataDir, "skills-repo");
}

/** The lock row is inserted, not updated: of two starts, the database lets exactly one insert win. */
async function takeLock(syncId: string): Promise<boolean> {
  try {
    await db.setting.create({ data: { key: LOCK_KEY, value: syncId } });
    return true;
  } catch (err) {
    if ((err as { code?: string }).code !== "P2002") throw err;
    return false;
  }
}

/** A lock whose sync is no longer running (the process died mid-sync and recovery has not run) is released. */
async function releaseStaleLock(): Promise<void> {
  const holder = await getSetting(LOCK_KEY);
  if (!holder) return;
  const running = await db.skillSync.count({ where: { id: holder, status: "running" } });
  if (running === 0) await db.setting.deleteMany({ where: { key: LOCK_KEY, value: holder } });
}

/** Starts a sync in the background and answers at once; 409 while one runs, 400 without a repository URL. */
export async function startSync(who: Identity | null): Promise<SkillSyncDto> {
  const settings = await getSyncSettings();
  if (!settings.repoUrl) {
    throw fieldError("repoUrl", "Set the repository URL before syncing");
  }
  const id = crypto.randomUUID();
  if (!(await takeLock(id))) {
    await releaseStaleLock();
    if (!(await takeLock(id))) throw conflict("A sync is already running; wait for it to finish");
  }
  const row = await db.skillSync.create({
    data: { id, status: "running", repoUrl: settings.repoUrl, branch: settings.branch, folder: settings.folder, startedById: who?.userId ?? null },
  });
  void runSync(row.id, settings as SyncSettings & { repoUrl: string });
  return toSkillSyncDto(row);
}

async function readRepoFolder(repoDir: string, folder: string) {
  const root = path.join(repoDir, folder);
  // The folder comes from settings (checked relative); it must also be a real folder, not a link out of the checkout.
  let dir = repoDir;
  for (const part of folder.split("/").filter(Boolean)) {
    dir = path.join(dir, part);
    const stat = await fs.lstat(dir).catch(() => null);
    if (!stat?.isDirectory()) throw new Error(`folder "${folder}" is not a folder in the repository`);
  }
  return Promise.all((await listSkillFolders(root)).map(readSkillFolder));
}

async function finishSync(id: string, data: Partial<ImportResult> & { status: SkillSyncStatus; commit?: string | null; error?: string | null }) {
  await db.skillSync.updateMany({
    where: { id, status: "running" },
    data: {
      status: data.status,
      commit: data.commit ?? null,
      error: data.error ?? null,
      added: JSON.stringify(data.added ?? []),
      updated: JSON.stringify(data.updated ?? []),
      removed: JSON.stringify(data.removed ?? []),
      conflicts: JSON.stringify(data.conflicts ?? []),
      invalid: JSON.stringify(data.invalid ?? []),
      finishedAt: new Date(),
    },
  });
  await db.setting.deleteMany({ where: { key: LOCK_KEY, value: id } });
}

/** Fetches, reads `<folder>/<name>/SKILL.md`, imports; any failure is recorded with the token removed from it. */
export async function runSync(id: string, settings: SyncSettings & { repoUrl: string }): Promise<void> {
  let commit: string | null = null;
  try {
    commit = await fetchBranch(settings, skillsRepoDir());
    const folders = await readRepoFolder(skillsRepoDir(), settings.folder);
    const result = await importSkillFolders({ source: "git", version: commit, folders, removeMissing: true });
    await finishSync(id, { status: "succeeded", commit, ...result });
  } catch (err) {
    const message = redactToken(err instanceof Error ? err.message : String(err), settings.token).trim().slice(0, 2000);
    console.error(`[skills] sync ${id} failed: ${message}`);
    await finishSync(id, { status: "failed", commit, error: message || "sync failed" });
  }
}

/** At boot: a sync left running by a dead process is recorded as failed and its lock released. */
export async function recoverInterruptedSyncs(): Promise<number> {
  const { count } = await db.skillSync.updateMany({
    where: { status: "running" },
    data: { status: "failed", error: "interrupted: the server stopped during the sync", finishedAt: new Date() },
  });
  await db.setting.deleteMany({ where: { key: LOCK_KEY } });
  return count;
}
