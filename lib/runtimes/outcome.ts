// Turns how a program ended into the common parts of a RunResult; each runtime adds what its output means.
import type { SpawnResult } from "./process";
import { emptyRunResult, type RunResult } from "./types";

/** The last non-empty line, which is where programs usually say what went wrong. */
export function lastLine(text: string): string {
  const lines = text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.at(-1) ?? "";
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

/**
 * The result fields every runtime shares. When the run was stopped (timeout, cancel) or never started,
 * `stopped` is true and the result is final; otherwise the runtime decides success from the output.
 */
export function commonResult(run: SpawnResult, timeoutMs: number): { result: RunResult; stopped: boolean } {
  const result: RunResult = {
    ...emptyRunResult(),
    exitCode: run.exitCode,
    stderr: run.stderr || null,
    durationMs: run.durationMs,
  };
  if (run.spawnError) return { result: { ...result, error: `could not start: ${run.spawnError}` }, stopped: true };
  if (run.timedOut) {
    return {
      result: { ...result, status: "timed_out", error: `timed out after ${seconds(timeoutMs)}` },
      stopped: true,
    };
  }
  if (run.aborted) return { result: { ...result, status: "cancelled", error: "cancelled" }, stopped: true };
  return { result, stopped: false };
}

/** "exited with code 3: <last stderr line>" or "killed by SIGKILL: …". */
export function exitError(run: SpawnResult): string {
  const how = run.exitCode !== null ? `exited with code ${run.exitCode}` : `killed by ${run.exitSignal ?? "a signal"}`;
  const detail = lastLine(run.stderr);
  return detail ? `${how}: ${detail}` : how;
}
