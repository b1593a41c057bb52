// Server-side worker registry. The browser imports "lib/runners/schemas" instead (this module reaches the database).

export type { RunnerRegistration } from "./registry";
export {
  markRunnerStopped,
  pruneRunners,
  RUNNER_RETENTION_MS,
  recordHeartbeat,
  registerRunner,
  serializeStats,
} from "./registry";
export { listRunnerNames, listRunners, runnerState, schedulerStatus, toRunnerDto } from "./runners";
export * from "./schemas";
