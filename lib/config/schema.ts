// Cadre's configuration: every environment variable any of its processes reads, in one schema. Each process's entry
// point (npm start's supervisor, the web server, the worker, the command line, the tests) parses it once with
// parseConfig(process.env) and passes the result on; nothing in lib/ reads the environment itself.
import path from "node:path";
import { z } from "zod";

const onOff = z.enum(["on", "off"]);
const port = z.coerce.number().int().min(0).max(65535);
const list = z
  .string()
  .default("")
  .transform((v) =>
    v
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  );

/** Values used outside production when a secret is not set, so `npm run dev` works without setup. */
const DEVELOPMENT_SECRETS = {
  auth: "cadre-development-auth-secret-change-me",
  internal: "cadre-development-internal-secret",
  encryptionKey: "126f752c6757c44134cfbc028bb3806183d6e2581d9bb1aea2caf932c4b0afe1",
} as const;

export const WORKER_PARTS = ["scheduler", "engine", "runner", "sockets", "notifier"] as const;
export type WorkerPartName = (typeof WORKER_PARTS)[number];

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  CADRE_DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: z.string().min(1).optional(),
  /** how long a statement waits for a lock another connection holds (ms): SQLite's busy timeout, PostgreSQL's lock_timeout */
  CADRE_DB_BUSY_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  /** PostgreSQL only: connections per process */
  CADRE_DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),

  PORT: port.default(3000),
  HOSTNAME: z.string().min(1).default("0.0.0.0"),
  CADRE_PUBLIC_URL: z.string().url().optional(),
  CADRE_TRUSTED_ORIGINS: list.pipe(z.array(z.string().url())),
  CADRE_TRUSTED_PROXIES: z.string().default(""),
  CADRE_RATE_LIMIT: onOff.optional(),
  CADRE_SKIP_BUILD: z.enum(["0", "1"]).default("0"),

  CADRE_WORKER_PORT: port.default(3001),
  CADRE_WORKER_HOST: z.string().min(1).optional(),
  CADRE_PUBLIC_WORKER_URL: z.string().url().optional(),
  /** where the web process reaches the worker (internal) */
  CADRE_WORKER_URL: z.string().url().optional(),
  /** where the worker reaches the web process's API (internal) */
  CADRE_WEB_URL: z.string().url().optional(),
  /** the worker's parts, comma-separated (default: all) */
  CADRE_WORKER_PARTS: list.pipe(z.array(z.enum(WORKER_PARTS))),
  CADRE_SCHEDULER: onOff.optional(),
  CADRE_PROCESS_ENGINE: onOff.optional(),
  CADRE_SCHEDULER_POLL_SECONDS: z.coerce.number().int().min(1).max(3600).default(10),
  /** a deleted agent's rows are removed this many per statement */
  CADRE_AGENT_PURGE_BATCH: z.coerce.number().int().min(1).max(10_000).default(1_000),
  /** the shortest pause between two such statements (ms) */
  CADRE_AGENT_PURGE_PAUSE_MS: z.coerce.number().int().min(0).max(60_000).default(20),
  /** how long a runner's claim on a run holds without renewal (ms); a run whose runner died is interrupted after it */
  CADRE_RUNNER_LEASE_MS: z.coerce.number().int().min(500).max(3_600_000).default(30_000),
  /** how many runs one runner has going at once, all agents together */
  CADRE_RUNNER_MAX_RUNS: z.coerce.number().int().min(1).max(1000).default(50),
  /** this runner's name, for agents pinned to it (default: the machine's host name) */
  CADRE_RUNNER_NAME: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, "letters, digits, dot, dash, underscore")
    .optional(),
  /** how often each worker writes its heartbeat to the registry (ms) */
  CADRE_WORKER_HEARTBEAT_MS: z.coerce.number().int().min(50).max(60_000).default(5_000),
  /** a worker whose last heartbeat is older than this counts as down (ms) */
  CADRE_WORKER_DOWN_AFTER_MS: z.coerce.number().int().min(200).max(3_600_000).default(30_000),

  /** the notifier part: the first retry of a failed delivery waits this long (ms), each next one twice as long */
  CADRE_NOTIFY_BACKOFF_MS: z.coerce.number().int().min(10).max(3_600_000).default(10_000),
  /** the longest wait between two tries of a delivery (ms) */
  CADRE_NOTIFY_BACKOFF_MAX_MS: z.coerce.number().int().min(10).max(86_400_000).default(300_000),
  /** a delivery still failing this long after it was made is given up (ms; default a day) */
  CADRE_NOTIFY_GIVE_UP_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(7 * 86_400_000)
    .default(86_400_000),

  BETTER_AUTH_SECRET: z.string().min(16).optional(),
  CADRE_INTERNAL_SECRET: z.string().min(16).optional(),
  CADRE_ENCRYPTION_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, "must be 64 hex characters (32 bytes)")
    .optional(),
  CADRE_ADMIN_EMAIL: z.string().email().optional(),
  CADRE_ADMIN_PASSWORD: z.string().min(8).optional(),
  ANTHROPIC_API_KEY: z.string().optional(),
  ANTHROPIC_BASE_URL: z.string().url().optional(),
  CADRE_CLAUDE_BIN: z.string().optional(),
});

export interface CadreConfig {
  nodeEnv: "development" | "production" | "test";
  /** absolute path of the data folder (database file, secrets, workspaces) */
  dataDir: string;
  database: { url: string; busyTimeoutMs: number; poolSize: number };
  /** the address people open */
  publicUrl: string;
  /** origins browsers may send changes from besides publicUrl */
  trustedOrigins: string[];
  secrets: { auth: string; internal: string; encryptionKey: string };
  admin: { email?: string; password?: string };
  anthropic: { apiKey?: string; baseUrl?: string };
  claudeBin?: string;
  /** per-address sign-in limits */
  rateLimit: boolean;
  web: {
    port: number;
    hostname: string;
    trustedProxies: string;
    /** where other processes reach this web process's API */
    internalUrl: string;
    skipBuild: boolean;
  };
  worker: {
    port: number;
    host: string;
    /** the worker's Socket.IO address as browsers reach it */
    publicUrl: string;
    /** where the web process reaches the worker */
    internalUrl: string;
    parts: Record<WorkerPartName, boolean>;
    pollMs: number;
    runnerName?: string;
    /** removing deleted agents' rows: rows per statement, shortest pause between statements */
    agentPurge: { batchSize: number; pauseMs: number };
    /** the runner part: the lease of each run it claims (renewed at a third of it) and its most runs at once */
    runner: { leaseMs: number; maxRuns: number };
    /** how often the worker writes its heartbeat */
    heartbeatMs: number;
    /** a worker silent for longer than this counts as down */
    downAfterMs: number;
    /** the notifier part: retries of failed deliveries (first wait, doubling up to maxMs) until giveUpMs after creation */
    notifier: { backoffMs: number; backoffMaxMs: number; giveUpMs: number };
  };
}

function workerParts(e: z.infer<typeof EnvSchema>): Record<WorkerPartName, boolean> {
  const listed = e.CADRE_WORKER_PARTS.length > 0 ? new Set(e.CADRE_WORKER_PARTS) : new Set(WORKER_PARTS);
  const parts = Object.fromEntries(WORKER_PARTS.map((p) => [p, listed.has(p)])) as Record<WorkerPartName, boolean>;
  // The older switches still turn single parts off (or on).
  if (e.CADRE_SCHEDULER) parts.scheduler = e.CADRE_SCHEDULER === "on";
  if (e.CADRE_PROCESS_ENGINE) parts.engine = e.CADRE_PROCESS_ENGINE === "on";
  return parts;
}

/** Parses the environment; a bad value throws one message naming every wrong variable. */
export function parseConfig(env: Record<string, string | undefined>): CadreConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(
      `Invalid configuration: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  }
  const e = parsed.data;
  const production = e.NODE_ENV === "production";
  if (e.CADRE_WORKER_DOWN_AFTER_MS < 2 * e.CADRE_WORKER_HEARTBEAT_MS) {
    // One late heartbeat (a busy database, a long pause of the event loop) must not make a worker look down.
    throw new Error(
      "Invalid configuration: CADRE_WORKER_DOWN_AFTER_MS: must be at least twice CADRE_WORKER_HEARTBEAT_MS",
    );
  }
  const missing = (["BETTER_AUTH_SECRET", "CADRE_INTERNAL_SECRET", "CADRE_ENCRYPTION_KEY"] as const).filter(
    (k) => production && !e[k],
  );
  if (missing.length > 0) {
    throw new Error(
      `Invalid configuration: ${missing.map((k) => `${k}: required in production (npm start sets it)`).join("; ")}`,
    );
  }
  const dataDir = path.resolve(e.CADRE_DATA_DIR);
  const host = e.CADRE_WORKER_HOST ?? e.HOSTNAME;
  return {
    nodeEnv: e.NODE_ENV,
    dataDir,
    database: {
      url: e.DATABASE_URL ?? `file:${path.join(dataDir, "cadre.db")}`,
      busyTimeoutMs: e.CADRE_DB_BUSY_TIMEOUT_MS,
      poolSize: e.CADRE_DB_POOL_SIZE,
    },
    publicUrl: e.CADRE_PUBLIC_URL ?? `http://localhost:${e.PORT}`,
    trustedOrigins: e.CADRE_TRUSTED_ORIGINS,
    secrets: {
      auth: e.BETTER_AUTH_SECRET ?? DEVELOPMENT_SECRETS.auth,
      internal: e.CADRE_INTERNAL_SECRET ?? DEVELOPMENT_SECRETS.internal,
      encryptionKey: e.CADRE_ENCRYPTION_KEY ?? DEVELOPMENT_SECRETS.encryptionKey,
    },
    admin: { email: e.CADRE_ADMIN_EMAIL, password: e.CADRE_ADMIN_PASSWORD },
    anthropic: { apiKey: e.ANTHROPIC_API_KEY, baseUrl: e.ANTHROPIC_BASE_URL },
    claudeBin: e.CADRE_CLAUDE_BIN,
    rateLimit: e.CADRE_RATE_LIMIT ? e.CADRE_RATE_LIMIT === "on" : production,
    web: {
      port: e.PORT,
      hostname: e.HOSTNAME,
      trustedProxies: e.CADRE_TRUSTED_PROXIES,
      internalUrl: e.CADRE_WEB_URL ?? `http://127.0.0.1:${e.PORT}`,
      skipBuild: e.CADRE_SKIP_BUILD === "1",
    },
    worker: {
      port: e.CADRE_WORKER_PORT,
      host,
      publicUrl: e.CADRE_PUBLIC_WORKER_URL ?? e.CADRE_WORKER_URL ?? `http://localhost:${e.CADRE_WORKER_PORT}`,
      internalUrl: e.CADRE_WORKER_URL ?? `http://127.0.0.1:${e.CADRE_WORKER_PORT}`,
      parts: workerParts(e),
      pollMs: e.CADRE_SCHEDULER_POLL_SECONDS * 1000,
      runnerName: e.CADRE_RUNNER_NAME,
      agentPurge: { batchSize: e.CADRE_AGENT_PURGE_BATCH, pauseMs: e.CADRE_AGENT_PURGE_PAUSE_MS },
      runner: { leaseMs: e.CADRE_RUNNER_LEASE_MS, maxRuns: e.CADRE_RUNNER_MAX_RUNS },
      heartbeatMs: e.CADRE_WORKER_HEARTBEAT_MS,
      downAfterMs: e.CADRE_WORKER_DOWN_AFTER_MS,
      notifier: {
        backoffMs: e.CADRE_NOTIFY_BACKOFF_MS,
        backoffMaxMs: e.CADRE_NOTIFY_BACKOFF_MAX_MS,
        giveUpMs: e.CADRE_NOTIFY_GIVE_UP_MS,
      },
    },
  };
}
