// What a runtime is given for one task and what it reports back; the runner stores the result on the execution.
import type { OutputListener } from "./process";

export type RuntimeName = "claude-code" | "command";

export interface RunInput {
  runtime: RuntimeName;
  /** The agent's workspace: the program's working directory. */
  workspaceDir: string;
  /** The task, written to the program's stdin. */
  message: string;
  /** "opus" | "sonnet" | "haiku" or a full model id. */
  model: string;
  /** The shell command of a `command` agent. */
  command?: string | null;
  /** A Claude Code session to continue (chat). */
  resumeSessionId?: string | null;
  timeoutMs: number;
  signal: AbortSignal;
  anthropic: { apiKey?: string; baseUrl?: string };
  /** Path of the Claude Code CLI; defaults to the one installed with Cadre. */
  claudeBin?: string;
  /** Extra variables for the program (CADRE_HOME, CADRE_AGENT, …). */
  env?: Record<string, string>;
  /** hears the program's output lines while it runs (Claude Code's stream-json events, a command's stdout/stderr) */
  onOutput?: OutputListener;
}

export type RunStatus = "succeeded" | "failed" | "timed_out" | "cancelled";

export interface RunResult {
  status: RunStatus;
  response: string | null;
  error: string | null;
  exitCode: number | null;
  stderr: string | null;
  costUsd: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  cacheReadTokens: number | null;
  cacheCreationTokens: number | null;
  durationMs: number;
  numTurns: number | null;
  sessionId: string | null;
  model: string | null;
}

export function emptyRunResult(): RunResult {
  return {
    status: "failed",
    response: null,
    error: null,
    exitCode: null,
    stderr: null,
    costUsd: null,
    inputTokens: null,
    outputTokens: null,
    cacheReadTokens: null,
    cacheCreationTokens: null,
    durationMs: 0,
    numTurns: null,
    sessionId: null,
    model: null,
  };
}
