// Server-side processes API. The browser imports "lib/processes/schemas" (and "lib/processes/definition") instead.
export * from "./schemas";
export { listProcesses, getProcess, createProcess, updateProcess, deleteProcess, validateProcessYaml } from "./processes";
export { startRun, getRun, listRuns, cancelRun } from "./runs";
