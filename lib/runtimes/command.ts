// The `command` runtime: an admin-configured shell command run in the agent's workspace with the task on stdin.
// Its stdout is the response; exit code 0 means success. Works offline.
import { programEnv } from "./env";
import { commonResult, exitError } from "./outcome";
import { type ProcessRunner, runProcess } from "./process";
import { emptyRunResult, type RunInput, type RunResult } from "./types";

export async function runCommand(input: RunInput, spawn: ProcessRunner = runProcess): Promise<RunResult> {
  if (!input.command?.trim()) return { ...emptyRunResult(), error: "This agent has no command configured" };
  const run = await spawn({
    file: "/bin/sh",
    args: ["-c", input.command],
    cwd: input.workspaceDir,
    // Only the allowlisted basics: the server's secrets and its Anthropic key are not the program's to use.
    env: programEnv({ ...input.env, CADRE_MODEL: input.model }),
    stdin: input.message,
    timeoutMs: input.timeoutMs,
    signal: input.signal,
    onOutput: input.onOutput,
  });
  const { result, stopped } = commonResult(run, input.timeoutMs);
  const response = run.stdout.trimEnd() || null;
  if (stopped) return { ...result, response };
  if (run.exitCode === 0) return { ...result, status: "succeeded", response };
  return { ...result, response, error: exitError(run) };
}
