// The worker's entry in the registry (the Runner table): registered at start with the parts it runs, a heartbeat
// every few seconds carrying each part's stats, and a stop mark on a clean stop. Admins see it on /runners and in
// GET /api/scheduler/status; a worker that stops heartbeating shows as down there once the threshold passes.
import type { WorkerPartName } from "@/lib/config";
import type { Db } from "@/lib/db";
import {
  markRunnerStopped,
  pruneRunners,
  recordHeartbeat,
  registerRunner,
  serializeStats,
} from "@/lib/runners/registry";
import type { WorkerIdentity } from "./identity";
import type { WorkerLog } from "./log";

/** A part that reports figures about itself (the scheduler: armed schedules, fires, lateness …). */
export interface StatsSource {
  stats(): object;
}

const reportsStats = (part: unknown): part is StatsSource =>
  typeof part === "object" && part !== null && typeof (part as { stats?: unknown }).stats === "function";

export interface RegistryOptions {
  db: Db;
  identity: WorkerIdentity;
  /** the parts this worker runs */
  parts: WorkerPartName[];
  /** the running parts by name; those with a stats() method send its result with each heartbeat */
  sources: Partial<Record<WorkerPartName, object>>;
  heartbeatMs: number;
  log: WorkerLog;
}

/** Old rows are pruned at start and then this often (not at every heartbeat: one worker doing it now and then is enough). */
const PRUNE_EVERY_MS = 10 * 60_000;

export function createRegistry(opts: RegistryOptions) {
  const { db, identity, log } = opts;
  const registration = { ...identity, parts: opts.parts };
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;
  let lastPrune = 0;
  let failing = false;

  function stats(): string {
    const reports: Record<string, () => unknown> = {};
    for (const [part, source] of Object.entries(opts.sources)) {
      if (opts.parts.includes(part as WorkerPartName) && reportsStats(source)) reports[part] = () => source.stats();
    }
    return serializeStats(reports);
  }

  async function beat(): Promise<void> {
    try {
      await recordHeartbeat(registration, { stats: stats(), client: db });
      if (failing) log.info("heartbeat written again");
      failing = false;
      if (Date.now() - lastPrune >= PRUNE_EVERY_MS) {
        lastPrune = Date.now();
        const pruned = await pruneRunners(undefined, { client: db });
        if (pruned > 0) log.info(`removed ${pruned} worker row${pruned === 1 ? "" : "s"} silent for a day`);
      }
    } catch (err) {
      // A busy database delays a heartbeat; the next one tries again. Said once, not every few seconds.
      if (!failing) log.warn(`heartbeat failed: ${err instanceof Error ? err.message : String(err)}`);
      failing = true;
    }
  }

  /** One heartbeat at a time: a slow database makes beats late, never piled up. */
  function heartbeat(): Promise<void> {
    inFlight ??= beat().finally(() => (inFlight = undefined));
    return inFlight;
  }

  return {
    name: "registry",
    identity,
    heartbeat,
    async start(): Promise<void> {
      await registerRunner(registration, { stats: stats(), client: db });
      log.info(
        `registered as ${identity.id} (runner name ${identity.name}; parts: ${opts.parts.join(", ") || "none"})`,
      );
      timer = setInterval(() => void heartbeat(), opts.heartbeatMs);
      timer.unref();
    },
    async stop(): Promise<void> {
      clearInterval(timer);
      timer = undefined;
      await inFlight;
      await markRunnerStopped(identity.id, { stats: stats(), client: db });
    },
  };
}
