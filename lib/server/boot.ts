// What the web process does before it serves: nothing here may be skipped by a restart.
import { configureSqlite, db } from "../db";
import { serverEnv } from "../env";
import { recoverInterruptedExecutions } from "../executions/recovery";
import { ensureAdminFromEnv, isSetupNeeded } from "../setup/first-run";

export async function bootWebProcess(): Promise<void> {
  const env = serverEnv();
  if (env.DATABASE_URL.startsWith("file:")) await configureSqlite(db);
  await ensureAdminFromEnv();
  const recovered = await recoverInterruptedExecutions();
  if (recovered.failed > 0) console.log(`[web] ${recovered.failed} interrupted execution(s) marked failed`);
  if (await isSetupNeeded()) console.log(`[web] first run: open ${env.CADRE_PUBLIC_URL}/setup to create the admin account`);
}
