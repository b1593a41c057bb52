// Runs one program for a task (process-runner.mjs): its own process group, the task on stdin, bounded output, one
// result that says how it ended. In this process, or in a worker's spawner process (./spawner).
import type { SpawnInput, SpawnResult } from "./process-runner.mjs";

export {
  killGroup,
  OUTPUT_CAP_BYTES,
  type OutputListener,
  type OutputStream,
  runProcess,
  type SpawnInput,
  type SpawnResult,
} from "./process-runner.mjs";

/** Runs a program to its end: in this process (runProcess) or in a worker's spawner process (./spawner). */
export type ProcessRunner = (input: SpawnInput) => Promise<SpawnResult>;
