// The process engine: advances runs step by step. It acts on events (a run started, an approval decided, an
// execution finished) and on a sweep every second, which also applies approval deadlines (with a timer to the
// nearest one, so a deadline is applied on time without anyone opening the approval). Everything it knows is read
// from the database, and every write is conditional (transitions.ts), so a restart or a second worker loses or
// repeats nothing: runs left running pick up where they were, deadlines passed while down are applied at start.
import type { Db } from "../../lib/db";
import { approversOf } from "../../lib/approvals/dto";
import { settle } from "../../lib/approvals/decisions";
import { approvalEvents, approvalEventsTo, eligibleUserIds } from "../../lib/approvals/recipients";
import { isFinished } from "../../lib/executions/schemas";
import { processRunChangedEvent } from "../../lib/processes/events";
import { approvalOutcome, contextOf, nextAction } from "../../lib/processes/progress";
import { durationSeconds, type AgentTaskStep, type HumanApprovalStep } from "../../lib/processes/schemas";
import { renderTemplate } from "../../lib/processes/templates";
import type { PublishedEvent } from "../../lib/realtime/events";
import type { WorkerLog } from "../log";
import { createStepPoster } from "./poster";
import {
  claimAgentStep,
  claimApprovalStep,
  draftApproval,
  finishAgentStep,
  finishRun,
  loadRun,
  recordExecutionId,
  resumeRun,
  timeOutApproval,
  type EngineRun,
  type EngineStepRun,
} from "./transitions";

export interface EngineTimings {
  /** how often runs, decided approvals and deadlines are looked for in the database */
  sweepMs: number;
  /** an agent step without an execution id this old is posted again (its key makes that safe) */
  unsentAfterMs: number;
  /** how long stop() waits for work in flight */
  stopDeadlineMs: number;
}

export const DEFAULT_ENGINE_TIMINGS: EngineTimings = { sweepMs: 1_000, unsentAfterMs: 3_000, stopDeadlineMs: 5_000 };

/** A run moves through at most this many transitions per turn, so a definition that loops cannot hold the engine. */
const MAX_HOPS_PER_TURN = 50;

export interface ProcessEngineOptions {
  db: Db;
  webUrl: string;
  secret: string;
  log: WorkerLog;
  /** delivers events to browsers (the socket hub's emit) */
  emit: (event: PublishedEvent) => unknown;
  timings?: Partial<EngineTimings>;
}

export function createProcessEngine(opts: ProcessEngineOptions) {
  const { db, log } = opts;
  const timings = { ...DEFAULT_ENGINE_TIMINGS, ...opts.timings };
  /** per run, the turn in progress: turns of one run never overlap in this worker */
  const turns = new Map<string, Promise<void>>();
  /** per run, whether another turn was asked for while one was in progress */
  const again = new Set<string>();
  const posting = new Set<string>();
  let sweepTimer: NodeJS.Timeout | undefined;
  let deadlineTimer: { at: number; timer: NodeJS.Timeout } | undefined;
  let running = false;
  let sweeping: Promise<void> | undefined;
  const post = createStepPoster({ webUrl: opts.webUrl, secret: opts.secret, stopping: () => !running });

  const emitRun = (run: { id: string; processId: string; status: string; startedById: string | null }) => opts.emit(processRunChangedEvent(run));

  async function emitApproval(name: "approval_required" | "approval_decided", approvalId: string): Promise<void> {
    const a = await db.approval.findUnique({ where: { id: approvalId } });
    if (!a) return;
    for (const event of await approvalEvents(name, { ...a, approvers: approversOf(a) }, db)) opts.emit(event);
  }

  /** Asks for a turn of the run; a request during a turn makes one more turn after it. */
  function advance(runId: string): Promise<void> {
    const current = turns.get(runId);
    if (current) {
      again.add(runId);
      return current;
    }
    const turn = (async () => {
      do {
        again.delete(runId);
        try {
          await drive(runId);
        } catch (err) {
          log.error(`process run ${runId}: a turn failed`, err);
        }
      } while (again.has(runId) && running);
    })().finally(() => turns.delete(runId));
    turns.set(runId, turn);
    return turn;
  }

  async function drive(runId: string): Promise<void> {
    for (let hop = 0; hop < MAX_HOPS_PER_TURN && running; hop += 1) {
      const run = await loadRun(db, runId);
      if (!run) return;
      const progressed = run.status === "paused" ? await resumeIfDecided(run) : run.status === "running" ? await act(run) : false;
      if (!progressed) return;
    }
  }

  const currentStepRun = (run: EngineRun): EngineStepRun | undefined =>
    run.steps.filter((s) => s.stepId === run.currentStepId).sort((a, b) => b.iteration - a.iteration)[0];

  async function resumeIfDecided(run: EngineRun): Promise<boolean> {
    const current = currentStepRun(run);
    const status = current?.approval?.status;
    if (!current || current.status !== "waiting" || !status || status === "pending" || status === "cancelled") return false;
    const step = run.def.steps.find((s) => s.id === current.stepId);
    const onReject = step?.type === "human_approval" ? step.on_reject : undefined;
    const outcome = approvalOutcome({ ...current, status: status === "approved" ? "completed" : status === "rejected" ? "rejected" : "timed_out" });
    const cancels = outcome === "reject" && (!onReject || onReject === "cancel");
    const next = await resumeRun(db, run, current, status, cancels);
    if (!next) return true;
    emitRun({ ...run, status: next });
    return next === "running";
  }

  async function act(run: EngineRun): Promise<boolean> {
    const action = nextAction(run.def, run.currentStepId, run.steps);
    switch (action.kind) {
      case "start":
        if (action.step.type === "agent_task") return startAgentStep(run, action.step, action.iteration);
        return startApprovalStep(run, action.step, action.iteration);
      case "wait":
        return checkAgentStep(run, currentStepRun(run)!);
      case "complete":
      case "fail":
      case "cancel": {
        const status = action.kind === "complete" ? "completed" : action.kind === "fail" ? "failed" : "cancelled";
        const error = action.kind === "fail" ? action.error : action.kind === "cancel" ? action.reason : null;
        if (await finishRun(db, run, status, error)) emitRun({ ...run, status });
        return false;
      }
    }
  }

  async function startAgentStep(run: EngineRun, step: AgentTaskStep, iteration: number): Promise<boolean> {
    const claimed = await claimAgentStep(db, run, step, iteration);
    if (!claimed) return true;
    emitRun(run);
    await send(run, step, claimed.stepRun.id);
    return true;
  }

  async function startApprovalStep(run: EngineRun, step: HumanApprovalStep, iteration: number): Promise<boolean> {
    const draft = draftApproval(run, step, new Date());
    const recipients = await eligibleUserIds(draft, db);
    const claimed = await claimApprovalStep(db, run, step, iteration, draft);
    if (!claimed) return true;
    const announced = { ...draft, id: claimed.approvalId!, runId: run.id, status: "pending" };
    for (const event of approvalEventsTo("approval_required", announced, recipients)) opts.emit(event);
    emitRun({ ...run, status: "paused" });
    if (step.timeout) void armDeadline();
    return true;
  }

  /** Posts the step's task; a refusal fails the step (and the run), an outage leaves it to the sweep. */
  async function send(run: EngineRun, step: AgentTaskStep, stepRunId: string): Promise<void> {
    if (posting.has(stepRunId)) return;
    posting.add(stepRunId);
    try {
      const message = renderTemplate(step.message, contextOf(run.inputObject, run.steps));
      const outcome = await post({
        stepRunId,
        agentName: step.agent,
        message,
        model: step.model,
        timeoutSeconds: step.timeout ? durationSeconds(step.timeout) : undefined,
      });
      if (outcome.kind === "sent") await recordExecutionId(db, stepRunId, outcome.executionId);
      else if (outcome.kind === "refused") {
        const fresh = await loadRun(db, run.id);
        const stepRun = fresh?.steps.find((s) => s.id === stepRunId);
        if (fresh && stepRun && (await finishAgentStep(db, fresh, stepRun, { ok: false, output: null, error: `could not start: ${outcome.error}` }))) {
          emitRun({ ...fresh, status: "failed" });
        }
      } else log.warn(`process run ${run.id}: step "${step.id}" not sent yet (${outcome.error}); the sweep retries`);
    } finally {
      posting.delete(stepRunId);
    }
  }

  /** An agent step in flight: record its execution's result once finished, or post it again if it never got one. */
  async function checkAgentStep(run: EngineRun, stepRun: EngineStepRun): Promise<boolean> {
    if (stepRun.status !== "running") return false;
    if (!stepRun.executionId) {
      const step = run.def.steps.find((s) => s.id === stepRun.stepId);
      const age = Date.now() - stepRun.startedAt.getTime();
      if (step?.type !== "agent_task" || posting.has(stepRun.id) || age < timings.unsentAfterMs) return false;
      await send(run, step, stepRun.id);
      return (await db.stepRun.count({ where: { id: stepRun.id, executionId: { not: null } } })) > 0;
    }
    const e = await db.execution.findUnique({ where: { id: stepRun.executionId }, select: { status: true, response: true, error: true } });
    if (!e || !isFinished(e.status)) return false;
    const ok = e.status === "succeeded";
    const done = await finishAgentStep(db, run, stepRun, { ok, output: e.response, error: ok ? null : (e.error ?? `execution ${e.status}`) });
    if (done) emitRun({ ...run, status: ok ? "running" : "failed" });
    return true;
  }

  async function applyDeadlines(): Promise<void> {
    const now = new Date();
    const due = await db.approval.findMany({ where: { status: "pending", deadlineAt: { lte: now } }, select: { id: true, runId: true } });
    for (const a of due) {
      if (!(await timeOutApproval(db, a.id, now))) continue;
      await emitApproval("approval_decided", a.id);
      void advance(a.runId);
    }
  }

  /** One timer to the nearest pending deadline, so it is applied on time, not only at the next sweep. */
  async function armDeadline(): Promise<void> {
    const next = await db.approval.findFirst({
      where: { status: "pending", deadlineAt: { not: null } },
      orderBy: { deadlineAt: "asc" },
      select: { deadlineAt: true },
    });
    const at = next?.deadlineAt?.getTime();
    if (at === undefined || !running) return;
    if (deadlineTimer && deadlineTimer.at <= at) return;
    if (deadlineTimer) clearTimeout(deadlineTimer.timer);
    const timer = setTimeout(() => {
      deadlineTimer = undefined;
      void applyDeadlines().then(armDeadline).catch((err) => log.error("applying approval deadlines failed", err));
    }, Math.max(0, at - Date.now()));
    deadlineTimer = { at, timer };
  }

  /** A quorum whose deciding request died before it closed the approval is closed here. */
  async function settleStranded(): Promise<void> {
    const open = await db.approval.findMany({ where: { status: "pending", decisions: { some: {} } }, select: { id: true, runId: true } });
    for (const a of open) {
      if (!(await settle(a.id))) continue;
      await emitApproval("approval_decided", a.id);
      void advance(a.runId);
    }
  }

  async function sweepOnce(): Promise<void> {
    await applyDeadlines();
    await settleStranded();
    const decided = await db.approval.findMany({
      where: { status: { in: ["approved", "rejected", "timed_out"] }, stepRun: { status: "waiting" }, run: { status: "paused" } },
      select: { runId: true },
    });
    const active = await db.processRun.findMany({ where: { status: "running" }, select: { id: true } });
    for (const id of new Set([...decided.map((d) => d.runId), ...active.map((r) => r.id)])) {
      if (!turns.has(id)) void advance(id);
    }
    await armDeadline();
  }

  /** The periodic pass; a pass still going when the next is due is not doubled. */
  function sweep(): Promise<void> {
    sweeping ??= sweepOnce()
      .catch((err) => log.error("process sweep failed", err))
      .finally(() => (sweeping = undefined));
    return sweeping;
  }

  async function onExecutionFinished(executionId: string): Promise<void> {
    const stepRun = await db.stepRun.findFirst({ where: { executionId }, select: { runId: true } });
    if (stepRun) await advance(stepRun.runId);
  }

  function onEvent(event: PublishedEvent): void {
    if (!running) return;
    const p = event.payload as Record<string, unknown>;
    const runId = typeof p.processRunId === "string" ? p.processRunId : null;
    if (event.name === "process_run_changed" && runId && p.status === "running") void advance(runId);
    else if (event.name === "approval_decided" && runId) void advance(runId);
    else if (event.name === "execution_finished" && p.trigger === "process" && typeof p.executionId === "string") {
      void onExecutionFinished(p.executionId).catch((err) => log.error("handling a finished execution failed", err));
    }
  }

  return {
    onEvent,
    sweep,
    advance,
    /** Applies deadlines passed while the worker was down and picks up every unfinished run, then sweeps each second. */
    async start(): Promise<void> {
      running = true;
      await sweep();
      sweepTimer = setInterval(() => void sweep(), timings.sweepMs);
    },
    async stop(): Promise<void> {
      running = false;
      clearInterval(sweepTimer);
      if (deadlineTimer) clearTimeout(deadlineTimer.timer);
      deadlineTimer = undefined;
      const inFlight = Promise.allSettled([...turns.values(), sweeping]);
      await Promise.race([inFlight, new Promise((r) => setTimeout(r, timings.stopDeadlineMs).unref())]);
    },
  };
}

export type ProcessEngine = ReturnType<typeof createProcessEngine>;
