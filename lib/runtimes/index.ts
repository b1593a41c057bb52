// Runs one task with the agent's runtime. The runner (worker/runner) calls runTask and records the result.
import { runClaudeCode } from "./claude-code";
import { runCommand } from "./command";
import { emptyRunResult, type RunInput, type RunResult } from "./types";

export type { RunInput, RunResult, RunStatus, RuntimeName } from "./types";
export { MISSING_KEY_ERROR, MODEL_ALIASES, defaultClaudeBin } from "./claude-code";

export async function runTask(input: RunInput): Promise<RunResult> {
  switch (input.runtime) {
    case "claude-code":
      return runClaudeCode(input);
    case "command":
      return runCommand(input);
    default:
      return { ...emptyRunResult(), error: `Unknown runtime: ${String((input as { runtime: unknown }).runtime)}` };
  }
}
