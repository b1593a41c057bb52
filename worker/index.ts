// The worker: a few parts started in order and stopped in reverse. Adding a part (scheduler, process engine) is
// one line in the list below; each part gets what it needs from the config and the parts before it.
import { configureSqlite, db as sharedDb, type Db } from "../lib/db";
import type { WorkerConfig } from "./config";
import { createWorkerHttp } from "./http-server";
import { createLog, type WorkerLog } from "./log";
import { createProcessEngine, type ProcessEngine } from "./processes/engine";
import { createScheduler, type Scheduler } from "./scheduler";
import { createSocketHub, type SocketHub } from "./socket-hub";

export interface WorkerPart {
  name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface WorkerDeps {
  db?: Db;
  log?: WorkerLog;
}

/** Fires schedules; observes schedule changes and finished runs through the hub as soon as they are published. */
function schedulerPart(scheduler: Scheduler, hub: SocketHub): WorkerPart {
  let unsubscribe: (() => void) | undefined;
  return {
    name: "scheduler",
    async start() {
      unsubscribe = hub.onPublished(scheduler.onEvent);
      await scheduler.start();
    },
    async stop() {
      unsubscribe?.();
      await scheduler.stop();
    },
  };
}

/** Advances process runs and applies approval deadlines; hears of new runs, decisions and finished steps through the hub. */
function processEnginePart(engine: ProcessEngine, hub: SocketHub): WorkerPart {
  let unsubscribe: (() => void) | undefined;
  return {
    name: "process engine",
    async start() {
      unsubscribe = hub.onPublished(engine.onEvent);
      await engine.start();
    },
    async stop() {
      unsubscribe?.();
      await engine.stop();
    },
  };
}

function databasePart(db: Db, config: WorkerConfig): WorkerPart {
  return {
    name: "database",
    async start() {
      await db.$queryRawUnsafe("SELECT 1");
      if (config.databaseUrl.startsWith("file:")) await configureSqlite(db);
    },
    stop: () => db.$disconnect(),
  };
}

export function createWorker(config: WorkerConfig, deps: WorkerDeps = {}) {
  const db = deps.db ?? sharedDb;
  const log = deps.log ?? createLog();
  const http = createWorkerHttp(config.host, config.port);
  const hub = createSocketHub(http.server, { internalSecret: config.internalSecret, corsOrigin: config.publicUrl, log });

  const scheduler = createScheduler({ db, webUrl: config.webUrl, secret: config.internalSecret, log, emit: hub.emit, timings: { pollMs: config.scheduler.pollMs } });

  const processes = createProcessEngine({ db, webUrl: config.webUrl, secret: config.internalSecret, log, emit: hub.emit });

  const parts: WorkerPart[] = [
    databasePart(db, config),
    { name: "http server", start: http.start, stop: http.stop },
    { name: "socket hub", start: hub.start, stop: hub.stop },
    ...(config.scheduler.enabled ? [schedulerPart(scheduler, hub)] : []),
    ...(config.processes.enabled ? [processEnginePart(processes, hub)] : []),
  ];
  const started: WorkerPart[] = [];
  let stopping: Promise<void> | undefined;

  async function stopStarted(): Promise<void> {
    while (started.length > 0) {
      const part = started.pop()!;
      try {
        await part.stop();
      } catch (err) {
        log.error(`stopping ${part.name} failed`, err);
      }
    }
  }

  return {
    get port(): number {
      return http.port();
    },
    /** delivers an event from inside the worker (e.g. a schedule fired) to the browsers in its rooms */
    emit: hub.emit,
    scheduler,
    processes,
    async start(): Promise<void> {
      for (const part of parts) {
        try {
          await part.start();
        } catch (err) {
          await stopStarted();
          throw new Error(`worker part "${part.name}" failed to start: ${err instanceof Error ? err.message : err}`, {
            cause: err,
          });
        }
        started.push(part);
      }
    },
    /** Stops the parts in reverse order of start; safe to call more than once. */
    stop(): Promise<void> {
      stopping ??= stopStarted();
      return stopping;
    },
  };
}

export type Worker = ReturnType<typeof createWorker>;
