// The worker: a few parts started in order and stopped in reverse. Adding a part (scheduler, process engine) is
// one line in the list below; each part gets what it needs from the config and the parts before it. The parts hear
// each other, and every other process, only through the outbox (lib/events): a feed tails it and hands each event
// to the socket hub and to the parts that listen.

import { ownOriginList } from "@/lib/api/origin";
import { pruneAudit } from "@/lib/audit";
import { type CadreConfig, WORKER_PARTS } from "@/lib/config";
import { closeDatabase, configureDatabase, type Db, dialect, direct, db as sharedDb } from "@/lib/db";
import { createEventFeed, type EventFeed, pruneEvents } from "@/lib/events/feed";
import type { PublishedEvent } from "@/lib/realtime/events";
import { otherSchedulersAlive } from "@/lib/runners/registry";
import { createAgentPurger } from "./agent-purger";
import { createWorkerHttp } from "./http-server";
import { workerIdentity } from "./identity";
import { createLog, type WorkerLog } from "./log";
import { createNotifier } from "./notifier";
import { createProcessEngine } from "./processes/engine";
import { createRegistry } from "./registry";
import { createRunner } from "./runner";
import { createScheduler } from "./scheduler";
import { createSocketHub } from "./socket-hub";

export interface WorkerPart {
  name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface WorkerDeps {
  db?: Db;
  log?: WorkerLog;
}

/** A part that also hears every event appended to the outbox, from its start to its stop. */
interface ListeningPart {
  onEvent(event: PublishedEvent): void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

function listeningPart(name: string, part: ListeningPart, feed: EventFeed): WorkerPart {
  let unsubscribe: (() => void) | undefined;
  return {
    name,
    async start() {
      unsubscribe = feed.subscribe(part.onEvent);
      await part.start();
    },
    async stop() {
      unsubscribe?.();
      await part.stop();
    },
  };
}

/** How long events stay in the outbox, and how often older ones are deleted. */
const EVENT_RETENTION_MS = 60 * 60_000;
const PRUNE_EVERY_MS = 60_000;

function feedPart(feed: EventFeed, db: Db, log: WorkerLog): WorkerPart {
  let timer: NodeJS.Timeout | undefined;
  return {
    name: "event feed",
    async start() {
      await feed.start();
      timer = setInterval(
        () =>
          void pruneEvents(db, EVENT_RETENTION_MS).catch((err) => log.warn(`pruning events failed: ${String(err)}`)),
        PRUNE_EVERY_MS,
      );
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      await feed.stop();
    },
  };
}

/** How often the audit log is pruned to its retention (Settings; off unless an admin sets it). */
const AUDIT_PRUNE_EVERY_MS = 10 * 60_000;

function auditPrunePart(db: Db, log: WorkerLog): WorkerPart {
  let timer: NodeJS.Timeout | undefined;
  const prune = () =>
    void pruneAudit(new Date(), db)
      .then((n) => n > 0 && log.info(`pruned ${n} audit entr${n === 1 ? "y" : "ies"} past their retention`))
      .catch((err) => log.warn(`pruning the audit log failed: ${String(err)}`));
  return {
    name: "audit pruning",
    async start() {
      prune();
      timer = setInterval(prune, AUDIT_PRUNE_EVERY_MS);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
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
    // The process's database: its client and plain SQL's connections.
    stop: () => (db === sharedDb ? closeDatabase() : db.$disconnect()),
  };
}

export function createWorker(config: CadreConfig, deps: WorkerDeps = {}) {
  const db = deps.db ?? sharedDb;
  const log = deps.log ?? createLog();
  const secret = config.secrets.internal;
  const webUrl = config.web.internalUrl;
  const http = createWorkerHttp(config.worker.host, config.worker.port);
  const feed = createEventFeed({ sql: direct, dialect: dialect(), url: config.database.url, log });
  const hub = createSocketHub(http.server, { internalSecret: secret, corsOrigin: ownOriginList(config), log });
  feed.subscribe(hub.deliver);

  // Who this process is on the bus: its Runner row, and the runner id on the executions it claims.
  const identity = workerIdentity(config);

  const scheduler = createScheduler({
    db,
    webUrl,
    secret,
    log,
    timings: { pollMs: config.worker.pollMs },
    othersFiring: () => otherSchedulersAlive(identity, config.worker.downAfterMs, { client: db }),
  });

  const processes = createProcessEngine({ db, webUrl, secret, log });

  const { leaseMs, maxRuns } = config.worker.runner;
  // Output events this runner wrote are read at once rather than at the next poll (SQLite has no wake-up).
  const runner = createRunner({ identity, log, maxRuns, timings: { leaseMs }, onOutputStored: () => void feed.poll() });
  const notifier = createNotifier({ owner: identity.id, log, policy: config.worker.notifier });
  const registry = createRegistry({
    db,
    identity,
    parts: WORKER_PARTS.filter((p) => config.worker.parts[p]),
    sources: { scheduler, engine: processes, sockets: hub, runner, notifier },
    heartbeatMs: config.worker.heartbeatMs,
    log,
  });

  const parts: WorkerPart[] = [
    databasePart(db),
    // Registered first and stopped last: while the other parts finish their work, the worker still counts as alive.
    registry,
    { name: "http server", start: http.start, stop: http.stop },
    { name: "socket hub", start: hub.start, stop: hub.stop },
    // Before the parts that listen: each subscribes, then reads the database, so what happened between the feed's
    // start and its subscription is in what it reads.
    feedPart(feed, db, log),
    auditPrunePart(db, log),
    // Housekeeping every worker does, like pruning the outbox: deleted agents' rows go in batches.
    listeningPart("agent purger", createAgentPurger({ db, log, ...config.worker.agentPurge }), feed),
    // The scheduler hears schedule changes and finished runs; the process engine new runs, decisions and finished steps.
    ...(config.worker.parts.scheduler ? [listeningPart("scheduler", scheduler, feed)] : []),
    ...(config.worker.parts.engine ? [listeningPart("process engine", processes, feed)] : []),
    // Email, Slack and webhooks: outbox events become deliveries, sent by whichever notifier claims them.
    ...(config.worker.parts.notifier ? [listeningPart("notifier", notifier, feed)] : []),
    // Last, so it stops first: its runs finish (or are recorded interrupted) while the database is still open.
    ...(config.worker.parts.runner ? [listeningPart("runner", runner, feed)] : []),
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
    identity,
    registry,
    feed,
    scheduler,
    processes,
    runner,
    notifier,
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
