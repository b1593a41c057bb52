// The process engine: advances runs step by step. Several workers may run it on one database: each hears every event
// in the outbox (a run started, an approval decided, an execution finished) and acts on the runs they name, and a
// sweep every second (a timer to the nearest deadline too) catches what no event covers: a step whose task was never
// posted, a deadline passed. Everything it knows is read from the database, and every transition is a conditional
// write that announces itself in its own transaction (transitions.ts), so of workers racing for the same transition
// exactly one makes it, and a restart loses or repeats nothing: runs left running pick up where they were, deadlines
// passed while every worker was down are applied at start.
import type { Db } from "@/lib/db";
import { isFinished } from "@/lib/executions/schemas";
import { approvalOutcome, contextOf, nextAction } from "@/lib/processes/progress";
import { type AgentTaskStep, durationSeconds, type HumanApprovalStep } from "@/lib/processes/schemas";
import { renderTemplate } from "@/lib/processes/templates";
import type { PublishedEvent } from "@/lib/realtime/events";
import type { WorkerLog } from "@/worker/log";
import { createStepPoster } from "./poster";
import { sendDueReminders } from "./reminders";
import {
  approvalStatusWords,
  claimAgentStep,
  claimApprovalStep,
  type EngineRun,
  type EngineStepRun,
  finishAgentStep,
  finishRun,
  loadRun,
  recordExecutionId,
  resumeRun,
  timeOutApproval,
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
  /** the transitions this worker made, by kind, for the registry's heartbeat (those lost to another worker are not counted) */
  const counts = {
    stepsStarted: 0,
    executionsRecorded: 0,
    stepsFinished: 0,
    approvalsRequested: 0,
    runsResumed: 0,
    runsFinished: 0,
    deadlinesApplied: 0,
    remindersSent: 0,
    escalations: 0,
  };
  let sweepTimer: NodeJS.Timeout | undefined;
  let deadlineTimer: { at: number; timer: NodeJS.Timeout } | undefined;
  let running = false;
  let sweeping: Promise<void> | undefined;
  const post = createStepPoster({ webUrl: opts.webUrl, secret: opts.secret, stopping: () => !running });

  const made = (kind: keyof typeof counts) => (counts[kind] += 1);

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
          log.error(`process run ${runId}: a turn failed`, err, { processRunId: runId });
        }
      } while (again.has(runId) && running);
    })().finally(() => turns.delete(runId));
    turns.set(runId, turn);
    return turn;
  }

  /** Moves the run on as far as it goes now; a transition lost to another worker reads the run again. */
  async function drive(runId: string): Promise<void> {
    for (let hop = 0; hop < MAX_HOPS_PER_TURN && running; hop += 1) {
      const run = await loadRun(db, runId);
      if (!run) return;
      const progressed =
        run.status === "paused" ? await resumeIfDecided(run) : run.status === "running" ? await act(run) : false;
      if (!progressed) return;
    }
  }

  const currentStepRun = (run: EngineRun): EngineStepRun | undefined =>
    run.steps.filter((s) => s.stepId === run.currentStepId).sort((a, b) => b.iteration - a.iteration)[0];

  async function resumeIfDecided(run: EngineRun): Promise<boolean> {
    const current = currentStepRun(run);
    const status = current?.approval?.status;
    if (!current || current.status !== "waiting" || !status || status === "pending" || status === "cancelled")
      return false;
    const step = run.def.steps.find((s) => s.id === current.stepId);
    const onReject = step?.type === "human_approval" ? step.on_reject : undefined;
    const outcome = approvalOutcome({
      ...current,
      // A request for changes takes the rejection path.
      status: status === "approved" ? "completed" : status === "timed_out" ? "timed_out" : "rejected",
    });
    const cancels = outcome === "reject" && (!onReject || onReject === "cancel");
    const next = await resumeRun(db, run, current, status, cancels);
    if (!next) return true;
    made(cancels ? "runsFinished" : "runsResumed");
    log.info(`process run ${run.id}: approval ${approvalStatusWords(status)}, run ${next}`, {
      processRunId: run.id,
      approvalId: current.approval!.id,
    });
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
        if (!(await finishRun(db, run, status, error))) return true;
        made("runsFinished");
        log.info(`process run ${run.id}: ${status}`, { processRunId: run.id });
        return false;
      }
    }
  }

  async function startAgentStep(run: EngineRun, step: AgentTaskStep, iteration: number): Promise<boolean> {
    const claimed = await claimAgentStep(db, run, step, iteration);
    if (!claimed) return true;
    made("stepsStarted");
    log.info(`process run ${run.id}: step "${step.id}" started`, {
      processRunId: run.id,
      stepRunId: claimed.stepRunId,
    });
    await send(run, step, claimed.stepRunId);
    return true;
  }

  async function startApprovalStep(run: EngineRun, step: HumanApprovalStep, iteration: number): Promise<boolean> {
    const claimed = await claimApprovalStep(db, run, step, iteration);
    if (!claimed) return true;
    made("approvalsRequested");
    log.info(`process run ${run.id}: waiting for approval ${claimed.approvalId} at step "${step.id}"`, {
      processRunId: run.id,
      approvalId: claimed.approvalId,
    });
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
      if (outcome.kind === "sent") {
        if (await recordExecutionId(db, run, stepRunId, outcome.executionId)) made("executionsRecorded");
      } else if (outcome.kind === "refused") {
        const fresh = await loadRun(db, run.id);
        const stepRun = fresh?.steps.find((s) => s.id === stepRunId);
        if (
          fresh &&
          stepRun &&
          (await finishAgentStep(db, fresh, stepRun, {
            ok: false,
            output: null,
            error: `could not start: ${outcome.error}`,
          }))
        ) {
          made("stepsFinished");
          log.info(`process run ${run.id}: failed, step "${step.id}" could not start (${outcome.error})`, {
            processRunId: run.id,
          });
        }
      } else
        log.warn(`process run ${run.id}: step "${step.id}" not sent yet (${outcome.error}); the sweep retries`, {
          processRunId: run.id,
        });
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
      // The worker that started the step posts it at once; another (or this one, after a restart) only when it stays unsent.
      if (step?.type !== "agent_task" || posting.has(stepRun.id) || age < timings.unsentAfterMs) return false;
      await send(run, step, stepRun.id);
      return (await db.stepRun.count({ where: { id: stepRun.id, executionId: { not: null } } })) > 0;
    }
    const e = await db.execution.findUnique({
      where: { id: stepRun.executionId },
      select: { status: true, response: true, error: true },
    });
    if (!e || !isFinished(e.status)) return false;
    const ok = e.status === "succeeded";
    const next = await finishAgentStep(db, run, stepRun, {
      ok,
      output: e.response,
      error: ok ? null : (e.error ?? `execution ${e.status}`),
    });
    if (next) {
      made("stepsFinished");
      log.info(`process run ${run.id}: step "${stepRun.stepId}" ${ok ? "completed" : `failed, run failed`}`, {
        processRunId: run.id,
        executionId: stepRun.executionId,
      });
    }
    return true;
  }

  /** pending → timed_out for every approval past its deadline; each is applied by one worker, which resumes its run. */
  async function applyDeadlines(): Promise<void> {
    const now = new Date();
    const due = await db.approval.findMany({
      where: { status: "pending", deadlineAt: { lte: now } },
      select: { id: true, runId: true },
    });
    for (const a of due) {
      if (!(await timeOutApproval(db, a.id, now))) continue;
      made("deadlinesApplied");
      log.info(`approval ${a.id} timed out`, { approvalId: a.id, processRunId: a.runId });
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
    const timer = setTimeout(
      () => {
        deadlineTimer = undefined;
        void applyDeadlines()
          .then(armDeadline)
          .catch((err) => log.error("applying approval deadlines failed", err));
      },
      Math.max(0, at - Date.now()),
    );
    deadlineTimer = { at, timer };
  }

  /** Reminders (and escalations) whose time has come; each is sent by one worker, once. */
  async function sendReminders(): Promise<void> {
    for (const sent of await sendDueReminders(db, new Date())) {
      made("remindersSent");
      if (sent.escalated) made("escalations");
      log.info(`approval ${sent.approvalId}: reminder ${sent.reminder} sent${sent.escalated ? ", escalated" : ""}`, {
        approvalId: sent.approvalId,
        processRunId: sent.runId,
      });
    }
  }

  /** The fallback for anything no event moved: passed deadlines, due reminders, decided approvals, runs still going. */
  async function sweepOnce(): Promise<void> {
    await applyDeadlines();
    await sendReminders();
    const decided = await db.approval.findMany({
      where: {
        status: { in: ["approved", "rejected", "changes_requested", "timed_out"] },
        stepRun: { status: "waiting" },
        run: { status: "paused" },
      },
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

  /**
   * What the engine hears from the outbox: a run started or moved on (to act on its next step), an approval decided
   * (to resume its run), a process step's execution finished (to record it and go on). A cancelled or paused run has
   * nothing to act on until one of these.
   */
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
    stats: () => ({
      transitions: Object.values(counts).reduce((a, b) => a + b, 0),
      ...counts,
      turnsInFlight: turns.size,
    }),
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
