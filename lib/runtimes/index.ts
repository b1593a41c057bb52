// Runs one task with the agent's runtime. The runner (worker/runner) calls runTask and records the result.
import { runClaudeCode } from "./claude-code";
import { runCommand } from "./command";
import { type ProcessRunner, runProcess } from "./process";
import { emptyRunResult, type RunInput, type RunResult } from "./types";

export { defaultClaudeBin, MISSING_KEY_ERROR } from "./claude-code";
export type { RunInput, RunResult, RunStatus, RuntimeName } from "./types";

/** Runs the task's program with `spawn`: in this process by default, in a worker through its spawner (./spawner). */
export async function runTask(input: RunInput, spawn: ProcessRunner = runProcess): Promise<RunResult> {
  switch (input.runtime) {
    case "claude-code":
      return runClaudeCode(input, spawn);
    case "command":
      return runCommand(input, spawn);
    default:
      return { ...emptyRunResult(), error: `Unknown runtime: ${String((input as { runtime: unknown }).runtime)}` };
  }
}
