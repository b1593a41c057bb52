// Messages between a worker and its spawner process (lib/runtimes/spawner.ts, spawner-child.mjs).
import type { OutputStream, SpawnInput, SpawnResult } from "./process";

export type ToSpawner =
  /** `lines`: send the program's output lines back as they come */
  | { type: "run"; id: number; input: Omit<SpawnInput, "signal" | "onOutput">; lines: boolean }
  | { type: "abort"; id: number };

export type FromSpawner =
  /** the program's process group (its leader's pid), so the worker can end it should the spawner die first */
  | { type: "started"; id: number; pid: number }
  /** a batch of the program's output lines (only for a run that asked for them) */
  | { type: "output"; id: number; stream: OutputStream; lines: string[] }
  | { type: "result"; id: number; result: SpawnResult };
