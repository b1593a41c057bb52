// Messages between a worker and its spawner process (lib/runtimes/spawner.ts, spawner-child.mjs).
import type { SpawnInput, SpawnResult } from "./process";

export type ToSpawner = { type: "run"; id: number; input: Omit<SpawnInput, "signal"> } | { type: "abort"; id: number };

export type FromSpawner =
  /** the program's process group (its leader's pid), so the worker can end it should the spawner die first */
  { type: "started"; id: number; pid: number } | { type: "result"; id: number; result: SpawnResult };
