// What the web process does before it serves: nothing here may be skipped by a restart.
import { configureSqlite, db } from "../db";
import { serverEnv } from "../env";
import { recoverInterruptedExecutions } from "../executions/recovery";
import { encryptPlainSecrets } from "../settings";
import { ensureAdminFromEnv, isSetupNeeded } from "../setup/first-run";
import { importBundledSkills } from "../skills/bundled";
import { recoverInterruptedSyncs } from "../skills/sync";

export async function bootWebProcess(): Promise<void> {
  const env = serverEnv();
  if (env.DATABASE_URL.startsWith("file:")) await configureSqlite(db);
  await ensureAdminFromEnv();
  const encrypted = await encryptPlainSecrets();
  if (encrypted > 0) console.log(`[web] ${encrypted} secret setting(s) stored in plain text by an older version encrypted`);
  const recovered = await recoverInterruptedExecutions();
  if (recovered.failed > 0) console.log(`[web] ${recovered.failed} interrupted execution(s) marked failed`);
  const syncs = await recoverInterruptedSyncs();
  if (syncs > 0) console.log(`[web] ${syncs} interrupted skills sync(s) marked failed`);
  await bootSkillsLibrary();
  if (await isSetupNeeded()) console.log(`[web] first run: open ${env.CADRE_PUBLIC_URL}/setup to create the admin account`);
}

/** A bad bundled skill is listed invalid; even an unreadable folder must not keep the server from starting. */
async function bootSkillsLibrary(): Promise<void> {
  try {
    const r = await importBundledSkills();
    const changed = [...r.added.map((n) => `+${n}`), ...r.updated.map((n) => `~${n}`), ...r.conflicts.map((n) => `!${n}`)];
    if (changed.length > 0) console.log(`[web] bundled skills: ${changed.join(" ")}`);
    if (r.invalid.length > 0) console.warn(`[web] bundled skills listed invalid: ${r.invalid.join("; ")}`);
  } catch (err) {
    console.error("[web] bundled skills could not be imported:", err instanceof Error ? err.message : err);
  }
}
