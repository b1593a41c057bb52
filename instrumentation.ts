// Runs once when the web process starts: database mode, first-run admin, recovery of interrupted executions.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { bootWebProcess } = await import("./lib/server/boot");
  await bootWebProcess();
}
