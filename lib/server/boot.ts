// What the web process does before it serves: nothing here may be skipped by a restart.
import { config } from "@/lib/config";
import { configureDatabase } from "@/lib/db";
import { createLog } from "@/lib/log";
import { encryptPlainSecrets } from "@/lib/settings";
import { ensureAdminFromEnv, isSetupNeeded } from "@/lib/setup/first-run";
import { importBundledSkills } from "@/lib/skills/bundled";
import { recoverInterruptedSyncs } from "@/lib/skills/sync";

const log = createLog("web");

export async function bootWebProcess(): Promise<void> {
  await configureDatabase();
  await ensureAdminFromEnv();
  const encrypted = await encryptPlainSecrets();
  if (encrypted > 0) log.info(`${encrypted} secret setting(s) stored in plain text by an older version encrypted`);
  const syncs = await recoverInterruptedSyncs();
  if (syncs > 0) log.info(`${syncs} interrupted skills sync(s) marked failed`);
  await bootSkillsLibrary();
  if (await isSetupNeeded()) log.info(`first run: open ${config().publicUrl}/setup to create the admin account`);
}

/** A bad bundled skill is listed invalid; even an unreadable folder must not keep the server from starting. */
async function bootSkillsLibrary(): Promise<void> {
  try {
    const r = await importBundledSkills();
    const changed = [
      ...r.added.map((n) => `+${n}`),
      ...r.updated.map((n) => `~${n}`),
      ...r.conflicts.map((n) => `!${n}`),
    ];
    if (changed.length > 0) log.info(`bundled skills: ${changed.join(" ")}`);
    if (r.invalid.length > 0) log.warn(`bundled skills listed invalid: ${r.invalid.join("; ")}`);
  } catch (err) {
    log.error("bundled skills could not be imported", err);
  }
}
