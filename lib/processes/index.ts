// Server-side processes API. The browser imports "lib/processes/schemas" (and "lib/processes/definition") instead.

export {
  createProcess,
  deleteProcess,
  getProcess,
  listProcesses,
  updateProcess,
  validateProcessYaml,
} from "./processes";
export { cancelRun, getRun, listRuns, startRun } from "./runs";
export * from "./schemas";
