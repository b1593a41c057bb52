// Runs once when the web process starts, before it serves: the configuration (when the process was not started by
// scripts/web-server.ts, e.g. `next dev`), then the boot work (database mode, first-run admin, recovery).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { config, parseConfig, useConfig } = await import("./lib/config");
  const { useDatabase } = await import("./lib/db");
  try {
    config();
  } catch {
    useConfig(parseConfig(process.env));
  }
  useDatabase(config().database);
  const { bootWebProcess } = await import("./lib/server/boot");
  await bootWebProcess();
}
