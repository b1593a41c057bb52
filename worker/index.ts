// The worker: a few parts started in order and stopped in reverse. Adding a part (scheduler, process engine) is
// one line in the list below; each part gets what it needs from the config and the parts before it.
import type { CadreConfig } from "../lib/config";
import { configureDatabase, db as sharedDb, type Db } from "../lib/db";
import { createWorkerHttp } from "./http-server";
import { createLog, type WorkerLog } from "./log";
import type { PublishedEvent } from "../lib/realtime/events";
import { createProcessEngine } from "./processes/engine";
import { createScheduler } from "./scheduler";
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

/** A part that also hears every event the web publishes, through the hub, from its start to its stop. */
interface ListeningPart {
  onEvent(event: PublishedEvent): void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

function listeningPart(name: string, part: ListeningPart, hub: SocketHub): WorkerPart {
  let unsubscribe: (() => void) | undefined;
  return {
    name,
    async start() {
      unsubscribe = hub.onPublished(part.onEvent);
      await part.start();
    },
    async stop() {
      unsubscribe?.();
      await part.stop();
    },
  };
}

function databasePart(db: Db): WorkerPart {
  return {
    name: "database",
    async start() {
      await db.$queryRawUnsafe("SELECT 1");
      await configureDatabase();
    },
    stop: () => db.$disconnect(),
  };
}

export function createWorker(config: CadreConfig, deps: WorkerDeps = {}) {
  const db = deps.db ?? sharedDb;
  const log = deps.log ?? createLog();
  const secret = config.secrets.internal;
  const webUrl = config.web.internalUrl;
  const http = createWorkerHttp(config.worker.host, config.worker.port);
  const hub = createSocketHub(http.server, { internalSecret: secret, corsOrigin: config.publicUrl, log });

  const scheduler = createScheduler({ db, webUrl, secret, log, emit: hub.emit, timings: { pollMs: config.worker.pollMs } });

  const processes = createProcessEngine({ db, webUrl, secret, log, emit: hub.emit });

  const parts: WorkerPart[] = [
    databasePart(db),
    { name: "http server", start: http.start, stop: http.stop },
    { name: "socket hub", start: hub.start, stop: hub.stop },
    // The scheduler hears schedule changes and finished runs; the process engine new runs, decisions and finished steps.
    ...(config.worker.parts.scheduler ? [listeningPart("scheduler", scheduler, hub)] : []),
    ...(config.worker.parts.engine ? [listeningPart("process engine", processes, hub)] : []),
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
