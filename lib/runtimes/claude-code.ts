// The `claude-code` runtime: the Claude Code CLI in headless mode (`claude -p --output-format stream-json --verbose`)
// run in the agent's workspace, so the workspace's .claude/commands and settings apply. It prints one JSON event a
// line as it works (heard live through input.onOutput) and ends with the result object Cadre records.
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { programEnv, redact } from "./env";
import { commonResult, exitError } from "./outcome";
import { type OutputListener, type ProcessRunner, runProcess, type SpawnResult } from "./process";
import { emptyRunResult, type RunInput, type RunResult } from "./types";

export const MISSING_KEY_ERROR = "No Anthropic API key: set it in Settings or ANTHROPIC_API_KEY";

const SESSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const Count = z.number().nonnegative().nullish();

/** The part of the CLI's JSON result Cadre records. */
const ClaudeResult = z.object({
  type: z.literal("result"),
  subtype: z.string(),
  is_error: z.boolean().default(false),
  result: z.string().nullish(),
  total_cost_usd: z.number().nullish(),
  duration_ms: z.number().nullish(),
  num_turns: z.number().int().nullish(),
  session_id: z.string().nullish(),
  usage: z
    .object({
      input_tokens: Count,
      output_tokens: Count,
      cache_read_input_tokens: Count,
      cache_creation_input_tokens: Count,
    })
    .nullish(),
  modelUsage: z.record(z.string(), z.object({ costUSD: z.number().nullish() })).nullish(),
});
type ClaudeResult = z.infer<typeof ClaudeResult>;

/** The CLI installed with Cadre (`npm install` puts it in node_modules), else `claude` from PATH. */
export function defaultClaudeBin(root = process.cwd()): string {
  const candidates = [
    path.join(root, "node_modules", ".bin", "claude"),
    path.join(root, "node_modules", "@anthropic-ai", "claude-code", "bin", "claude.exe"),
  ];
  return candidates.find((file) => fs.existsSync(file)) ?? "claude";
}

/**
 * The CLI keeps its config and session transcripts under $HOME/.claude. A HOME inside the workspace is stable
 * across runs (so `--resume` finds the session), private to the agent, and removed with it.
 */
export function claudeHomeFor(workspaceDir: string): string {
  return path.join(workspaceDir, ".home");
}

function claudeArgs(input: RunInput): string[] {
  const args = [
    "-p",
    "--output-format=stream-json",
    "--verbose", // stream-json in print mode requires it
    `--model=${input.model}`,
    // Headless runs cannot answer permission prompts, so a tool that needs one is denied. acceptEdits lets the
    // agent read and edit files in its workspace; shell commands run only when the workspace's
    // .claude/settings.json allows them. Bypassing permissions would let any user who may run a task execute
    // arbitrary commands on the server (and the CLI refuses it when running as root).
    "--permission-mode=acceptEdits",
  ];
  if (input.resumeSessionId) args.push(`--resume=${input.resumeSessionId}`);
  return args;
}

export async function runClaudeCode(input: RunInput, spawn: ProcessRunner = runProcess): Promise<RunResult> {
  const apiKey = input.anthropic.apiKey?.trim();
  if (!apiKey) return { ...emptyRunResult(), error: MISSING_KEY_ERROR };
  if (input.resumeSessionId && !SESSION_ID.test(input.resumeSessionId)) {
    return { ...emptyRunResult(), error: `Invalid Claude Code session id: ${input.resumeSessionId}` };
  }
  const home = claudeHomeFor(input.workspaceDir);
  fs.mkdirSync(home, { recursive: true });

  const run = await spawn({
    file: input.claudeBin || defaultClaudeBin(),
    args: claudeArgs(input),
    cwd: input.workspaceDir,
    env: programEnv({
      ...input.env,
      HOME: home,
      ANTHROPIC_API_KEY: apiKey,
      ANTHROPIC_BASE_URL: input.anthropic.baseUrl || undefined,
      // No telemetry, error reporting or update checks from a server process.
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
      DISABLE_AUTOUPDATER: "1",
    }),
    stdin: input.message, // with -p and no prompt argument the CLI reads the prompt (or /command) from stdin
    timeoutMs: input.timeoutMs,
    signal: input.signal,
    onOutput: input.onOutput && redactedLines(input.onOutput, apiKey),
  });
  return interpret(run, input, apiKey);
}

function redactedLines(listener: OutputListener, apiKey: string): OutputListener {
  return (stream, lines) =>
    listener(
      stream,
      lines.map((line) => redact(line, [apiKey])),
    );
}

function interpret(raw: SpawnResult, input: RunInput, apiKey: string): RunResult {
  const run = { ...raw, stderr: redact(raw.stderr, [apiKey]), stdout: redact(raw.stdout, [apiKey]) };
  const { result, stopped } = commonResult(run, input.timeoutMs);
  if (stopped) return result;

  const parsed = parseResult(run.stdout);
  if (!parsed) {
    const why =
      run.exitCode !== 0 ? exitError(run) : `printed no JSON result: ${run.stdout.trim().slice(0, 200) || "(nothing)"}`;
    return { ...result, error: `Claude Code ${why}` };
  }

  const metrics: RunResult = {
    ...result,
    costUsd: parsed.total_cost_usd ?? null,
    inputTokens: parsed.usage?.input_tokens ?? null,
    outputTokens: parsed.usage?.output_tokens ?? null,
    cacheReadTokens: parsed.usage?.cache_read_input_tokens ?? null,
    cacheCreationTokens: parsed.usage?.cache_creation_input_tokens ?? null,
    durationMs: parsed.duration_ms ?? result.durationMs,
    numTurns: parsed.num_turns ?? null,
    sessionId: parsed.session_id ?? null,
    model: mainModel(parsed) ?? input.model,
  };
  const failure = describeFailure(parsed, run);
  if (failure) return { ...metrics, error: failure };
  return { ...metrics, status: "succeeded", response: parsed.result ?? "" };
}

/** The JSON result is the last line that parses as one; the events streamed before it are ignored here. */
function parseResult(stdout: string): ClaudeResult | null {
  const lines = stdout
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.startsWith("{"));
  for (const line of [stdout.trim(), ...lines.reverse()]) {
    try {
      const result = ClaudeResult.safeParse(JSON.parse(line));
      if (result.success) return result.data;
    } catch {
      // not JSON; try the next candidate
    }
  }
  return null;
}

function describeFailure(parsed: ClaudeResult, run: SpawnResult): string | null {
  if (parsed.is_error && parsed.result?.trim()) return parsed.result.trim();
  // A result without text (an unknown session to resume) leaves the CLI's reason on stderr.
  if (run.exitCode !== 0 && run.stderr.trim()) return `Claude Code ${exitError(run)}`;
  if (parsed.is_error && parsed.subtype === "success") return `Claude Code failed (${parsed.subtype})`;
  if (parsed.subtype !== "success") {
    const reasons: Record<string, string> = {
      error_max_turns: "Claude Code stopped: it reached the maximum number of turns",
      error_max_budget_usd: "Claude Code stopped: it reached the spending limit",
      error_during_execution: "Claude Code failed during execution",
    };
    return reasons[parsed.subtype] ?? `Claude Code failed (${parsed.subtype})`;
  }
  if (run.exitCode !== 0) return `Claude Code ${exitError(run)}`;
  return null;
}

/** The model that did the work: of the models the CLI used (it may call a small one for housekeeping), the costliest. */
function mainModel(parsed: ClaudeResult): string | null {
  const entries = Object.entries(parsed.modelUsage ?? {});
  if (entries.length === 0) return null;
  entries.sort(([, a], [, b]) => (b.costUSD ?? 0) - (a.costUSD ?? 0));
  return entries[0][0];
}
