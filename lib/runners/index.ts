// Server-side worker registry. The browser imports "lib/runners/schemas" instead (this module reaches the database).
export * from "./schemas";
export { listRunners, listRunnerNames, schedulerStatus, runnerState, toRunnerDto } from "./runners";
export { registerRunner, recordHeartbeat, markRunnerStopped, pruneRunners, serializeStats, RUNNER_RETENTION_MS } from "./registry";
export type { RunnerRegistration } from "./registry";
