// One run on this runner: the agent's skill snapshot written into its workspace here when the workspace holds
// something else, the program started in its own process group (lib/runtimes), and the result recorded while the
// runner still holds the run. Nothing in it blocks the runner's loop: every step awaits.
import { ensureWorkspace } from "@/lib/agents/workspace";
import { config } from "@/lib/config";
import { direct } from "@/lib/db";
import { Prisma } from "@/lib/db/client-types";
import { retryWhileBusy } from "@/lib/db/errors";
import { AppError } from "@/lib/errors";
import { type ClaimedRun, recordResult } from "@/lib/executions/claims";
import { timeoutMsOf } from "@/lib/executions/dto";
import { createOutputRecorder, type OutputRecorder } from "@/lib/executions/output";
import { runTask } from "@/lib/runtimes";
import type { ProcessRunner } from "@/lib/runtimes/process";
import { emptyRunResult, type RunInput, type RunResult } from "@/lib/runtimes/types";
import { getAnthropicConfig } from "@/lib/settings";
import { messageForRuntime } from "@/lib/skills/expand";
import { applySkillSnapshot } from "@/lib/skills/inject";
import type { WorkerLog } from "@/worker/log";

/**
 * The reads before a run meet a database locked elsewhere (a backup, a migration; PostgreSQL's lock_timeout): they wait
 * for it as long as the run's lease is renewed, rather than fail a run whose program never started.
 */
const PREPARE_BUSY_RETRY = { attempts: Infinity, budgetMs: 5 * 60_000, maxDelayMs: 1_000 };

/** Extra time the runtime gets past the timeout to kill its process before the runner gives up on it. */
const BACKSTOP_GRACE_MS = 10_000;

/** Why a run was stopped before its program ended: asked to, out of time, claim lost, runner stopping. */
export type StopReason = "cancel" | "timeout" | "lost" | "shutdown";

export interface RunContext {
  runnerId: string;
  control: AbortController;
  log: WorkerLog;
  /** starts the program (the worker's spawner process) */
  spawn: ProcessRunner;
  /** called when the program has ended and the result is about to be written */
  onRecording?: () => void;
  /** called after some of the run's output was stored with its events */
  onOutputStored?: () => void;
}

/** Per agent, the skill write in progress: two runs of one agent starting together write the workspace once. */
const workspaceWrites = new Map<string, Promise<unknown>>();

function oneWriteAtATime<T>(agentName: string, write: () => Promise<T>): Promise<T> {
  const before = workspaceWrites.get(agentName) ?? Promise.resolve();
  const mine = before.then(write, write);
  const tail = mine.catch(() => undefined);
  workspaceWrites.set(agentName, tail);
  void tail.then(() => {
    if (workspaceWrites.get(agentName) === tail) workspaceWrites.delete(agentName);
  });
  return mine;
}

interface ExecutionForRun extends ClaimedRun {
  conversation: { claudeSessionId: string | null } | null;
}

/**
 * The claimed run (its row and its agent as the claim read them: what a run uses of the row — message, model, timeout —
 * does not change once queued), and for a chat turn the conversation's Claude Code session, read now: the latest.
 */
async function loadForRun(e: ClaimedRun): Promise<ExecutionForRun> {
  const [conversation] = e.conversationId
    ? await direct.query<{ claudeSessionId: string | null }>(
        Prisma.sql`SELECT "claudeSessionId" FROM "Conversation" WHERE "id" = ${e.conversationId}`,
      )
    : [];
  return { ...e, conversation: conversation ?? null };
}

async function buildRunInput(e: ExecutionForRun, ctx: RunContext, output: OutputRecorder): Promise<RunInput> {
  const { agent } = e;
  const workspaceDir = await ensureWorkspace(agent.name);
  const written = await oneWriteAtATime(agent.name, () => applySkillSnapshot(agent, workspaceDir));
  if (written) {
    ctx.log.info(`skills written into the workspace of ${agent.name}`, {
      agent: agent.name,
      executionId: e.id,
      ...written,
    });
    if (written.skipped.length > 0)
      ctx.log.warn(`agent ${agent.name}: not injected: ${written.skipped.join("; ")}`, { agent: agent.name });
  }
  return {
    runtime: agent.runtime as RunInput["runtime"],
    workspaceDir,
    // `/playbook args` is expanded for the runtimes that cannot expand it themselves.
    message: await messageForRuntime(agent, workspaceDir, e.message),
    model: e.model ?? agent.model,
    command: agent.command,
    // Chat turns continue the conversation's Claude Code session, read now so it is the latest finished turn's.
    resumeSessionId: e.conversation?.claudeSessionId ?? null,
    timeoutMs: timeoutMsOf(e),
    signal: ctx.control.signal,
    // Only Claude Code talks to Anthropic: other runtimes do not read (or decrypt) the key.
    anthropic: agent.runtime === "claude-code" ? await getAnthropicConfig() : {},
    claudeBin: config().claudeBin,
    env: { CADRE_HOME: process.cwd(), CADRE_AGENT: agent.name, CADRE_EXECUTION_ID: e.id },
    onOutput: output.push,
  };
}

/** The runtime enforces the timeout; the backstop aborts it if it somehow overruns, so a run never holds its place. */
async function runWithBackstop(e: ExecutionForRun, ctx: RunContext, output: OutputRecorder): Promise<RunResult> {
  const { signal } = ctx.control;
  const backstop = setTimeout(
    () => ctx.control.abort("timeout" satisfies StopReason),
    timeoutMsOf(e) + BACKSTOP_GRACE_MS,
  );
  try {
    const input = await retryWhileBusy(() => buildRunInput(e, ctx, output), PREPARE_BUSY_RETRY);
    // Cancelled while the run was being prepared: never start the program.
    if (signal.aborted) return { ...emptyRunResult(), status: "cancelled", error: "cancelled before it started" };
    const result = await runTask(input, ctx.spawn);
    // A run that completed in the same instant as the abort keeps its success; anything else reports why it stopped.
    if (signal.aborted && result.status !== "succeeded") {
      return { ...result, status: signal.reason === "timeout" ? "timed_out" : "cancelled" };
    }
    return result;
  } finally {
    clearTimeout(backstop);
  }
}

/** Runs the claimed execution to its end and records the result; false when the runner no longer held it. */
export async function runExecution(claimed: ClaimedRun, ctx: RunContext): Promise<boolean> {
  let result: RunResult;
  const output = createOutputRecorder(
    claimed,
    claimed.agent.runtime as RunInput["runtime"],
    ctx.log,
    ctx.onOutputStored,
  );
  try {
    const e = await retryWhileBusy(() => loadForRun(claimed), PREPARE_BUSY_RETRY);
    result = await runWithBackstop(e, ctx, output);
  } catch (err) {
    // A workspace that refuses the skills (a link where Cadre writes) fails the run with the reason.
    if (!(err instanceof AppError))
      ctx.log.error(`run ${claimed.id} failed unexpectedly`, err, { executionId: claimed.id });
    const error =
      err instanceof AppError ? err.message : `internal error: ${err instanceof Error ? err.message : String(err)}`;
    result = { ...emptyRunResult(), status: "failed", error };
  }
  // The transcript is stored before the result, so its events come before execution_finished.
  await output.close();
  ctx.onRecording?.();
  return recordResult(ctx.runnerId, claimed, result);
}
