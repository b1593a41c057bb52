// Runs executions in the background of the web process. The database holds all state; memory holds only the
// abort controllers of runs in flight and a per-agent lock so the concurrency limit is checked one claim at a time.
import crypto from "node:crypto";
import { EventEmitter } from "node:events";
import { ensureWorkspace } from "../agents/workspace";
import { db } from "../db";
import { retryWhileBusy } from "../db/errors";
import { config } from "../config";
import { runTask } from "../runtimes";
import { emptyRunResult, type RunInput, type RunResult } from "../runtimes/types";
import { getAnthropicConfig } from "../settings";
import { messageForRuntime } from "../skills/expand";
import { executionInclude, type ExecutionRow } from "./dto";
import { publishExecutionEvent } from "./events";
import { isFinished } from "./schemas";

/** Extra time the runtime gets past the timeout to kill its process before the executor gives up on it. */
const BACKSTOP_GRACE_MS = 10_000;
const MAX_TEXT = 1_000_000;

interface ExecutorState {
  runnerId: string;
  controllers: Map<string, AbortController>;
  locks: Map<string, Promise<void>>;
  /** per agent, the dispatch pass queued behind the lock that has not started yet */
  waitingDispatch: Map<string, Promise<void>>;
  finished: EventEmitter;
}

// Kept on globalThis so that every bundle of the Next.js server (and dev reloads) shares one executor per process.
const g = globalThis as unknown as { cadreExecutor?: ExecutorState };
const state: ExecutorState = (g.cadreExecutor ??= {
  runnerId: `web-${process.pid}-${crypto.randomBytes(6).toString("hex")}`,
  controllers: new Map(),
  locks: new Map(),
  waitingDispatch: new Map(),
  finished: new EventEmitter().setMaxListeners(0),
});
state.waitingDispatch ??= new Map(); // a state object made by an older module version (dev reload)

/** This process's id, stored on every execution it claims; recovery fails running rows of other runners. */
export function runnerId(): string {
  return state.runnerId;
}

function withAgentLock(agentId: string, fn: () => Promise<void>): Promise<void> {
  const previous = state.locks.get(agentId) ?? Promise.resolve();
  const current = previous.then(fn);
  const tail = current.catch(() => undefined);
  state.locks.set(agentId, tail);
  void tail.then(() => {
    if (state.locks.get(agentId) === tail) state.locks.delete(agentId);
  });
  return current;
}

/** Starts as many queued executions of the agent as its concurrency limit allows, oldest first. Never throws. */
export function dispatchAgent(agentId: string): Promise<void> {
  // A dispatch that is waiting for the lock has not read the database yet, so it will see this caller's rows too:
  // joining it keeps a burst of submissions from queueing one database pass each.
  const waiting = state.waitingDispatch.get(agentId);
  if (waiting) return waiting;
  const pass = withAgentLock(agentId, () => {
    state.waitingDispatch.delete(agentId);
    return claimWhileFree(agentId);
  }).catch((err) => {
    console.error(`[executions] dispatch for agent ${agentId} failed:`, err);
  });
  state.waitingDispatch.set(agentId, pass);
  return pass;
}

async function claimWhileFree(agentId: string): Promise<void> {
  for (;;) {
    const agent = await db.agent.findUnique({ where: { id: agentId }, select: { status: true, concurrencyLimit: true } });
    if (!agent || agent.status !== "running") return;
    const running = await db.execution.count({ where: { agentId, status: "running" } });
    if (running >= agent.concurrencyLimit) return;
    const next = await db.execution.findFirst({
      where: { agentId, status: "queued" },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { id: true },
    });
    if (!next) return;
    if (await claimExecution(next.id)) void runClaimed(next.id);
  }
}

/**
 * How long the executor's own status writes wait out a database held locked elsewhere (pausing between attempts): a
 * run left queued or running for good would also hold back every later slot of a schedule that skips overlaps.
 */
const STATUS_BUSY_RETRY = { attempts: Infinity, budgetMs: 10 * 60_000, maxDelayMs: 1_000 };

/** queued → running in one conditional write; false when someone else (a cancel) changed it first. */
async function claimExecution(id: string): Promise<boolean> {
  const { count } = await retryWhileBusy(() => db.execution.updateMany({
    where: { id, status: "queued" },
    data: { status: "running", runnerId: state.runnerId, startedAt: new Date() },
  }), STATUS_BUSY_RETRY);
  return count === 1;
}

async function runClaimed(id: string): Promise<void> {
  const control = new AbortController();
  state.controllers.set(id, control);
  let agentId: string | null = null;
  try {
    const execution = await loadForRun(id);
    agentId = execution.agentId;
    publishExecutionEvent("execution_started", execution);
    const result = await runWithBackstop(execution, control);
    await recordResult(id, result);
  } catch (err) {
    console.error(`[executions] run ${id} failed unexpectedly:`, err);
    await recordResult(id, failedResult(`internal error: ${err instanceof Error ? err.message : String(err)}`));
  } finally {
    state.controllers.delete(id);
    state.finished.emit(id);
    if (agentId) void dispatchAgent(agentId);
  }
}

function loadForRun(id: string) {
  return db.execution.findUniqueOrThrow({
    where: { id },
    include: { agent: true, conversation: { select: { claudeSessionId: true } } },
  });
}

type ExecutionForRun = Awaited<ReturnType<typeof loadForRun>>;

async function buildRunInput(e: ExecutionForRun, signal: AbortSignal): Promise<RunInput> {
  const { agent } = e;
  const workspaceDir = await ensureWorkspace(agent.name);
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
    signal,
    anthropic: await getAnthropicConfig(),
    claudeBin: config().claudeBin,
    env: { CADRE_HOME: process.cwd(), CADRE_AGENT: agent.name, CADRE_EXECUTION_ID: e.id },
  };
}

export function timeoutMsOf(e: { timeoutSeconds: number | null; agent: { timeoutSeconds: number } }): number {
  return (e.timeoutSeconds ?? e.agent.timeoutSeconds) * 1000;
}

/** The runtime enforces the timeout; the backstop aborts it if it somehow overruns, so a run never hangs a slot. */
async function runWithBackstop(e: ExecutionForRun, control: AbortController): Promise<RunResult> {
  const backstop = setTimeout(() => control.abort("timeout"), timeoutMsOf(e) + BACKSTOP_GRACE_MS);
  try {
    const input = await buildRunInput(e, control.signal);
    // Cancelled while the run was being prepared: never start the program.
    if (control.signal.aborted) return { ...emptyRunResult(), status: "cancelled", error: "cancelled before it started" };
    const result = await runTask(input);
    // A run that completed in the same instant as the abort keeps its success; anything else reports why it stopped.
    if (control.signal.aborted && result.status !== "succeeded") {
      return { ...result, status: control.signal.reason === "timeout" ? "timed_out" : "cancelled" };
    }
    return result;
  } finally {
    clearTimeout(backstop);
  }
}

function failedResult(error: string): RunResult {
  return { ...emptyRunResult(), status: "failed", error };
}

const clip = (s: string | null | undefined) => (s == null ? null : s.length > MAX_TEXT ? s.slice(0, MAX_TEXT) : s);

/** running → final status, only if still running (a recovery elsewhere may have failed it meanwhile). */
async function recordResult(id: string, r: RunResult): Promise<void> {
  const { count } = await retryWhileBusy(() => db.execution.updateMany({
    where: { id, status: "running" },
    data: {
      status: r.status,
      response: clip(r.response),
      error: clip(r.error ?? (r.status === "cancelled" ? "cancelled" : null)),
      exitCode: r.exitCode,
      stderr: clip(r.stderr),
      costUsd: r.costUsd,
      inputTokens: r.inputTokens,
      outputTokens: r.outputTokens,
      cacheReadTokens: r.cacheReadTokens,
      cacheCreationTokens: r.cacheCreationTokens,
      durationMs: Math.round(r.durationMs),
      numTurns: r.numTurns,
      sessionId: r.sessionId,
      ...(r.model ? { model: r.model } : {}),
      finishedAt: new Date(),
    },
  }), STATUS_BUSY_RETRY);
  if (count === 0) return;
  const execution = await db.execution.findUniqueOrThrow({ where: { id }, include: executionInclude });
  if (execution.conversationId && r.sessionId) {
    await db.conversation.updateMany({ where: { id: execution.conversationId }, data: { claudeSessionId: r.sessionId } });
  }
  publishExecutionEvent("execution_finished", execution);
}

/** Aborts a run of this process; false when no run with that id is in flight here. */
export function abortRun(id: string): boolean {
  const control = state.controllers.get(id);
  if (!control) return false;
  control.abort("cancel");
  return true;
}

/** Wakes waiters after a change made outside a run (a queued execution cancelled). */
export function notifyFinished(id: string): void {
  state.finished.emit(id);
}

function nextChange(id: string, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      state.finished.off(id, done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    state.finished.on(id, done);
  });
}

/**
 * Resolves when the execution has finished or the time is up, with the row as it then is.
 * Runs in this process wake it at once; the periodic re-read covers changes made by other processes.
 */
export async function waitForExecution(id: string, timeoutMs: number): Promise<ExecutionRow | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await db.execution.findUnique({ where: { id }, include: executionInclude });
    const left = deadline - Date.now();
    if (!row || isFinished(row.status) || left <= 0) return row;
    await nextChange(id, Math.min(left, 1000));
  }
}
