// Removes what deleted agents owned (lib/agents/purge.ts) a batch at a time, pausing after each batch at least as long
// as it took, so the other writers get the database in between (SQLite has one writer at a time, and a web process
// waiting for the lock stands still). Every worker runs it: at start it takes up agents marked before (a deletion a
// restart interrupted), and it wakes on agent_deleted; an agent whose last runs are still ending is looked at again a
// little later. Several workers may purge the same agent: each batch passes over rows another one holds.
import { type AgentToPurge, agentsToPurge, purgeStep } from "@/lib/agents/purge";
import type { Db } from "@/lib/db";
import type { PublishedEvent } from "@/lib/realtime/events";
import type { WorkerLog } from "./log";

export interface AgentPurgerOptions {
  db: Db;
  log: WorkerLog;
  /** rows per statement */
  batchSize: number;
  /** the shortest pause between two batches (ms); a batch that took longer is followed by a pause as long */
  pauseMs: number;
  /** when to look again at agents waiting for their runs to end, or after a failure (ms) */
  retryMs?: number;
}

export interface AgentPurgerStats {
  agentsRemoved: number;
  rowsRemoved: number;
  /** agents marked deleted whose rows are still being removed */
  pending: number;
}

export function createAgentPurger(opts: AgentPurgerOptions) {
  const { db, log, batchSize, pauseMs } = opts;
  const retryMs = opts.retryMs ?? 5_000;
  let stopped = true;
  let pass: Promise<void> | null = null;
  let again = false;
  let retry: NodeJS.Timeout | undefined;
  let wakeSleeper: (() => void) | null = null;
  const stats: AgentPurgerStats = { agentsRemoved: 0, rowsRemoved: 0, pending: 0 };

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeSleeper = null;
        resolve();
      }
      wakeSleeper = done;
    });

  function wake(): void {
    if (stopped) return;
    if (pass) {
      again = true;
      return;
    }
    pass = run().finally(() => {
      pass = null;
      if (again) {
        again = false;
        wake();
      }
    });
  }

  function retryLater(): void {
    clearTimeout(retry);
    retry = setTimeout(wake, retryMs);
    retry.unref();
  }

  async function run(): Promise<void> {
    let unfinished = false;
    try {
      const agents = await agentsToPurge(db);
      stats.pending = agents.length;
      for (const agent of agents) {
        if (stopped) return;
        if (await purge(agent)) stats.pending -= 1;
        else unfinished = true;
      }
    } catch (err) {
      log.warn(
        `removing a deleted agent's rows failed; trying again in ${retryMs} ms: ${err instanceof Error ? err.message : String(err)}`,
      );
      unfinished = true;
    }
    if (unfinished && !stopped) retryLater();
  }

  /** True once the agent's row is gone. */
  async function purge(agent: AgentToPurge): Promise<boolean> {
    const started = Date.now();
    let rows = 0;
    while (!stopped) {
      const t0 = performance.now();
      const step = await purgeStep(db, agent.id, batchSize);
      const took = performance.now() - t0;
      if (step.state === "done") {
        stats.agentsRemoved += 1;
        log.info("deleted agent removed", {
          agentId: agent.id,
          rows,
          ms: Date.now() - started,
          markedAgoMs: Date.now() - agent.deletedAt.getTime(),
        });
        return true;
      }
      if (step.state === "waiting") {
        log.info("deleted agent waits for its running executions to end", { agentId: agent.id, running: step.running });
        return false;
      }
      rows += step.rows;
      stats.rowsRemoved += step.rows;
      await pause(Math.max(pauseMs, took));
    }
    return false;
  }

  return {
    name: "agent purger",
    async start(): Promise<void> {
      stopped = false;
      wake();
    },
    /** Waits for the batch in flight (one short statement); the rest is taken up by the next start. */
    async stop(): Promise<void> {
      stopped = true;
      clearTimeout(retry);
      wakeSleeper?.();
      await pass;
    },
    onEvent(event: PublishedEvent): void {
      if (event.name === "agent_deleted") wake();
    },
    stats: (): AgentPurgerStats => ({ ...stats }),
    /** resolves when the pass in flight (if any) has ended: for tests and benchmarks */
    idle: async (): Promise<void> => {
      while (pass) await pass;
    },
  };
}
