// Syncing the library from a Git repository: settings, a preview that writes nothing, the confirmed sync (one at a
// time: a lock row makes starting one a single conditional write) and its record. The token is stored encrypted, read
// here and passed to git only.
import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { auditActor, auditWrite, SYSTEM_ACTOR } from "@/lib/audit";
import type { Identity } from "@/lib/auth/identity";
import { config } from "@/lib/config";
import { db } from "@/lib/db";
import type { SkillSync } from "@/lib/db/client-types";
import { retryWhileBusy } from "@/lib/db/errors";
import { AppError, conflict, fieldError } from "@/lib/errors";
import { getSecretSetting, getSetting, setSecretSetting, setSetting } from "@/lib/settings";
import { listSkillFolders, readSkillFolder, type SkillFolder } from "./files";
import { fetchBranch, redactToken } from "./git";
import type {
  SkillSyncDto,
  SkillSyncPreviewDto,
  SkillSyncSettingsInput,
  SkillSyncStatus,
  SkillSyncStatusDto,
} from "./schemas";
import { applyPlan, lockLibrary, planSync, type SyncTarget } from "./sync-plan";

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
    kept: parseList(row.kept),
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
    settings: {
      repoUrl: settings.repoUrl,
      branch: settings.branch,
      folder: settings.folder,
      tokenSet: !!settings.token,
    },
    running: recent.some((s) => s.status === "running"),
    last: recent[0] ?? null,
    recent,
  };
}

/** Absent fields stay; "" or null clears (branch and folder fall back to their defaults). */
export async function updateSyncSettings(input: SkillSyncSettingsInput, who: Identity): Promise<SkillSyncStatusDto> {
  const given: [string, string | null | undefined][] = [
    [SKILL_SETTING_KEYS.repoUrl, input.repoUrl],
    [SKILL_SETTING_KEYS.branch, input.branch],
    [SKILL_SETTING_KEYS.folder, input.folder?.replace(/^\/+|\/+$/g, "")],
  ];
  await db.$transaction(async (t) => {
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const [key, value] of given) {
      if (value === undefined) continue;
      const old = await getSetting(key, t);
      if ((old ?? "") !== (value ?? "")) [before[key], after[key]] = [old, value || null];
      await setSetting(key, value, t);
    }
    if (input.token !== undefined) {
      const had = (await t.setting.count({ where: { key: SKILL_SETTING_KEYS.token } })) > 0;
      // The token itself never reaches the log (the key's name masks it): only that it was set, replaced or cleared.
      [before[SKILL_SETTING_KEYS.token], after[SKILL_SETTING_KEYS.token]] = [had ? "set" : null, input.token || null];
      await setSecretSetting(SKILL_SETTING_KEYS.token, input.token, t);
    }
    if (Object.keys(after).length > 0)
      await auditWrite(t, auditActor(who), {
        action: "settings.updated",
        targetType: "settings",
        targetId: "skills.sync",
        targetLabel: "Skills sync",
        before,
        after,
      });
  });
  return getSyncStatus();
}

const FETCH_DIR_PREFIX = "skills-fetch-";
/** Where Cadre once kept one shared checkout; removed at boot. */
const OLD_CHECKOUT_DIR = "skills-repo";

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

async function settingsToSync(): Promise<SyncSettings & { repoUrl: string }> {
  const settings = await getSyncSettings();
  if (!settings.repoUrl) {
    throw fieldError("repoUrl", "Set the repository URL before syncing");
  }
  return settings as SyncSettings & { repoUrl: string };
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

/**
 * Fetches the branch into a checkout of its own (a preview and a sync never share one) and reads the skill folders;
 * the checkout is removed afterwards. A failure is an AppError on `repoUrl` with the token removed from git's words.
 */
async function fetchFolders(
  settings: SyncSettings & { repoUrl: string },
): Promise<{ commit: string; folders: SkillFolder[] }> {
  await fs.mkdir(config().dataDir, { recursive: true });
  const dir = await fs.mkdtemp(path.join(config().dataDir, FETCH_DIR_PREFIX));
  try {
    const commit = await fetchBranch(settings, dir);
    return { commit, folders: await readRepoFolder(dir, settings.folder) };
  } catch (err) {
    const message =
      redactToken(err instanceof Error ? err.message : String(err), settings.token)
        .trim()
        .slice(0, 2000) || "fetch failed";
    throw new AppError("bad_request", `Could not read the repository: ${message}`, [{ field: "repoUrl", message }]);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

const targetOf = (settings: SyncSettings & { repoUrl: string }, commit: string): SyncTarget => ({
  repoUrl: settings.repoUrl,
  branch: settings.branch,
  folder: settings.folder,
  commit,
});

/** What a sync would do now, with the fingerprint that confirms it. Writes nothing. */
export async function previewSync(): Promise<SkillSyncPreviewDto> {
  const settings = await settingsToSync();
  const { commit, folders } = await fetchFolders(settings);
  return (await planSync(targetOf(settings, commit), folders)).preview;
}

/** What an applied plan did, as the sync's record lists it (a bundled skill Git replaced counts as updated). */
function recordOf(plan: SkillSyncPreviewDto) {
  const replaced = plan.conflicts.filter((c) => c.reason === "bundled");
  return {
    added: plan.added.map((a) => a.name),
    updated: [...plan.updated, ...replaced.map((c) => c.name)].sort(),
    removed: plan.removed.map((r) => r.name),
    conflicts: plan.conflicts.filter((c) => c.reason !== "bundled").map((c) => c.name),
    kept: plan.kept,
    invalid: plan.invalid,
  };
}

export const STALE_PLAN_MESSAGE =
  "The repository, the sync settings or the library changed since the preview, so the plan you confirmed no longer holds; preview the sync again";

/**
 * Applies the plan a preview answered, in one transaction: fetched again, planned again with the library locked,
 * and applied only when the fingerprint is still the confirmed one (else 409 and nothing is written). One at a time.
 */
export async function confirmSync(fingerprint: string, who: Identity | null): Promise<SkillSyncDto> {
  const settings = await settingsToSync();
  const id = crypto.randomUUID();
  if (!(await takeLock(id))) {
    await releaseStaleLock();
    if (!(await takeLock(id))) throw conflict("A sync is already running; wait for it to finish");
  }
  let commit: string | null = null;
  try {
    await db.skillSync.create({
      data: {
        id,
        status: "running",
        repoUrl: settings.repoUrl,
        branch: settings.branch,
        folder: settings.folder,
        startedById: who?.userId ?? null,
      },
    });
    const fetched = await fetchFolders(settings);
    commit = fetched.commit;
    const applied = await retryWhileBusy(() =>
      db.$transaction(async (tx) => {
        await lockLibrary(tx);
        const plan = await planSync(targetOf(settings, fetched.commit), fetched.folders, tx);
        if (plan.preview.fingerprint !== fingerprint) return null;
        await applyPlan(plan, tx);
        await auditWrite(tx, who ? auditActor(who) : SYSTEM_ACTOR, {
          action: "skills.synced",
          targetType: "skill",
          targetLabel: `${settings.repoUrl}#${settings.branch}`,
          after: { commit: fetched.commit, folder: settings.folder, ...recordOf(plan.preview) },
        });
        return plan.preview;
      }),
    );
    if (!applied) {
      await db.skillSync.deleteMany({ where: { id, status: "running" } });
      throw conflict(STALE_PLAN_MESSAGE, [{ field: "confirm", message: "preview again" }]);
    }
    await finishSync(id, { status: "succeeded", commit, ...recordOf(applied) });
  } catch (err) {
    if (!(err instanceof AppError && err.code === "conflict")) {
      const message = redactToken(err instanceof Error ? err.message : String(err), settings.token)
        .trim()
        .slice(0, 2000);
      console.error(JSON.stringify({ level: "error", component: "skills", message: `sync ${id} failed: ${message}` }));
      await finishSync(id, { status: "failed", commit, error: message || "sync failed" });
    }
    throw err;
  } finally {
    await db.setting.deleteMany({ where: { key: LOCK_KEY, value: id } });
  }
  return toSkillSyncDto(await db.skillSync.findUniqueOrThrow({ where: { id } }));
}

interface SyncOutcome {
  status: SkillSyncStatus;
  commit?: string | null;
  error?: string | null;
  added?: string[];
  updated?: string[];
  removed?: string[];
  conflicts?: string[];
  kept?: string[];
  invalid?: string[];
}

async function finishSync(id: string, data: SyncOutcome) {
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
      kept: JSON.stringify(data.kept ?? []),
      invalid: JSON.stringify(data.invalid ?? []),
      finishedAt: new Date(),
    },
  });
}

/** At boot: a sync left running by a dead process is recorded as failed and its lock released. */
export async function recoverInterruptedSyncs(): Promise<number> {
  const { count } = await db.skillSync.updateMany({
    where: { status: "running" },
    data: { status: "failed", error: "interrupted: the server stopped during the sync", finishedAt: new Date() },
  });
  await db.setting.deleteMany({ where: { key: LOCK_KEY } });
  await removeLeftoverCheckouts();
  return count;
}

/** The old shared checkout, and fetch folders a dead process left (older than an hour: another may be using a newer one). */
async function removeLeftoverCheckouts(): Promise<void> {
  const dataDir = config().dataDir;
  const names = await fs.readdir(dataDir).catch(() => [] as string[]);
  const hourAgo = Date.now() - 60 * 60 * 1000;
  for (const name of names) {
    const dir = path.join(dataDir, name);
    if (name === OLD_CHECKOUT_DIR) await fs.rm(dir, { recursive: true, force: true });
    else if (
      name.startsWith(FETCH_DIR_PREFIX) &&
      ((await fs.lstat(dir).catch(() => null))?.mtimeMs ?? Infinity) < hourAgo
    ) {
      await fs.rm(dir, { recursive: true, force: true });
    }
  }
}
