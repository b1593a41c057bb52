// `npm start`: prepares the data folder (secrets, database, migrations, file modes), builds the web app when the
// code changed, then supervises the web process (scripts/web-server.ts) and the worker until SIGTERM/SIGINT: a child
// that dies is started again after a growing delay while the other keeps serving.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { type CadreConfig, parseConfig } from "@/lib/config";
import { buildIfNeeded } from "./build";

const ROOT = path.resolve(import.meta.dirname, "..");
const NODE = process.execPath;

/** Restart delays: 0.5 s doubling to 30 s; a child that stayed up a minute starts again at 0.5 s. */
const BACKOFF_INITIAL_MS = 500;
const BACKOFF_MAX_MS = 30_000;
const STABLE_AFTER_MS = 60_000;
/** A child that has not stopped this long after SIGTERM is killed, so the command always returns. */
const STOP_DEADLINE_MS = 15_000;

type Level = "info" | "warn" | "error";

/** One JSON object a line, like the web process's, so an operator can grep and ship them; `pid` is the child's in
 * child events, this process's otherwise. */
function log(level: Level, event: string, fields: Record<string, unknown> = {}): void {
  const line = JSON.stringify({
    time: new Date().toISOString(),
    level,
    component: "supervisor",
    event,
    pid: process.pid,
    ...fields,
  });
  if (level === "info") console.log(line);
  else console.error(line);
}

function fail(message: string): never {
  log("error", "start_failed", { message });
  process.exit(1);
}

const SECRET_NAMES = ["BETTER_AUTH_SECRET", "CADRE_INTERNAL_SECRET", "CADRE_ENCRYPTION_KEY"] as const;
type Secrets = Record<(typeof SECRET_NAMES)[number], string>;

/**
 * Secrets live in data/secrets.json (mode 600), each made on first need (an upgrade adds the encryption key to an
 * older file); the environment wins when set, and a value given by the environment is not written to the file.
 */
function loadSecrets(dataDir: string): Secrets {
  const file = path.join(dataDir, "secrets.json");
  const stored: Partial<Secrets> = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : {};
  const toStore = { ...stored };
  const secrets = {} as Secrets;
  for (const name of SECRET_NAMES) {
    const given = process.env[name];
    if (given) {
      secrets[name] = given;
      continue;
    }
    toStore[name] ??= crypto.randomBytes(32).toString("hex");
    secrets[name] = toStore[name];
  }
  if (SECRET_NAMES.some((name) => toStore[name] !== stored[name])) {
    fs.writeFileSync(file, JSON.stringify(toStore, null, 2), { mode: 0o600 });
  }
  return secrets;
}

function run(label: string, args: string[], env: NodeJS.ProcessEnv): void {
  const res = spawnSync(NODE, args, { cwd: ROOT, env, stdio: "inherit" });
  if (res.status !== 0) fail(`${label} failed (exit ${res.status ?? res.signal})`);
}

/** WAL lets the web process and the worker read and write the same file at once; the mode is kept in the file. */
function enableWal(databaseUrl: string): void {
  if (!databaseUrl.startsWith("file:")) return;
  const sqlite = new Database(path.resolve(ROOT, databaseUrl.slice("file:".length)));
  sqlite.pragma("journal_mode = WAL");
  sqlite.close();
}

/**
 * The data folder and what holds secrets are the owner's only: folders 700, the database (with its WAL and shared
 * memory files) and secrets.json 600. New files get the same through the umask; this fixes older installs.
 */
function restrictDataFiles(dataDir: string, databaseUrl: string): void {
  fs.chmodSync(dataDir, 0o700);
  for (const entry of fs.readdirSync(dataDir, { withFileTypes: true })) {
    if (entry.isDirectory()) fs.chmodSync(path.join(dataDir, entry.name), 0o700);
  }
  const files = [path.join(dataDir, "secrets.json")];
  if (databaseUrl.startsWith("file:")) {
    const db = path.resolve(ROOT, databaseUrl.slice("file:".length));
    files.push(db, `${db}-wal`, `${db}-shm`, `${db}-journal`);
  }
  for (const file of files) if (fs.lstatSync(file, { throwIfNoEntry: false })?.isFile()) fs.chmodSync(file, 0o600);
}

interface Child {
  name: "worker" | "web";
  args: string[];
  proc: ChildProcess | null;
  startedAt: number;
  /** the delay before the next restart */
  delay: number;
  restarts: number;
  timer: NodeJS.Timeout | null;
}

/** Runs the children, restarts one that dies, and stops them all (each signalled once) on SIGTERM/SIGINT/SIGHUP. */
function supervise(children: Child[], env: NodeJS.ProcessEnv): void {
  let stopping = false;
  let exitCode = 0;

  const finishIfAllStopped = () => {
    if (!stopping || children.some((c) => c.proc)) return;
    log("info", "stopped", { code: exitCode });
    process.exit(exitCode);
  };

  const start = (child: Child) => {
    child.timer = null;
    // Each child leads its own process group: a Ctrl+C in the terminal reaches only this supervisor, which then
    // signals each child exactly once (the children stop by themselves if this process is killed outright).
    const proc = spawn(NODE, child.args, { cwd: ROOT, env, stdio: "inherit", detached: true });
    child.proc = proc;
    child.startedAt = Date.now();
    log("info", "child_started", { child: child.name, pid: proc.pid, restarts: child.restarts });
    proc.on("error", (err) => log("error", "child_error", { child: child.name, message: err.message }));
    proc.on("exit", (code, signal) => {
      child.proc = null;
      if (stopping) {
        if (code !== 0) exitCode = 1;
        log(code === 0 ? "info" : "warn", "child_stopped", { child: child.name, pid: proc.pid, code, signal });
        return finishIfAllStopped();
      }
      const uptimeMs = Date.now() - child.startedAt;
      if (uptimeMs >= STABLE_AFTER_MS) child.delay = BACKOFF_INITIAL_MS;
      const delay = child.delay;
      child.delay = Math.min(child.delay * 2, BACKOFF_MAX_MS);
      child.restarts += 1;
      log("error", "child_exited", { child: child.name, pid: proc.pid, code, signal, uptimeMs, delay });
      child.timer = setTimeout(() => start(child), delay);
    });
  };

  const stopAll = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log("info", "stopping", { signal });
    for (const child of children) {
      if (child.timer) clearTimeout(child.timer);
      child.timer = null;
      child.proc?.kill("SIGTERM");
    }
    setTimeout(() => {
      for (const child of children) {
        if (!child.proc) continue;
        log("error", "child_killed", { child: child.name, pid: child.proc.pid, afterMs: STOP_DEADLINE_MS });
        child.proc.kill("SIGKILL");
      }
    }, STOP_DEADLINE_MS).unref();
    finishIfAllStopped();
  };

  for (const child of children) start(child);
  for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"] as const) process.on(signal, () => stopAll(signal));
  // `npm start` runs this under `sh -c`, which may not pass SIGTERM on: when our parent goes away, stop too.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) stopAll("SIGTERM");
  }, 500).unref();
}

function main(): void {
  // The data folder comes first: the secrets in it complete the configuration, which is then parsed as a whole.
  const dataDir = path.resolve(ROOT, process.env.CADRE_DATA_DIR ?? "data");
  // Everything Cadre writes from here on (database, secrets, workspaces, the children's files) is the owner's only.
  process.umask(0o077);
  fs.mkdirSync(dataDir, { recursive: true });
  let cfg: CadreConfig;
  try {
    cfg = parseConfig({ ...process.env, ...loadSecrets(dataDir), NODE_ENV: "production", CADRE_DATA_DIR: dataDir });
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err));
  }
  const databaseUrl = cfg.database.url;
  const publicUrl = cfg.publicUrl;

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    BETTER_AUTH_SECRET: cfg.secrets.auth,
    CADRE_INTERNAL_SECRET: cfg.secrets.internal,
    CADRE_ENCRYPTION_KEY: cfg.secrets.encryptionKey,
    NODE_ENV: "production",
    HOSTNAME: cfg.web.hostname,
    PORT: String(cfg.web.port),
    CADRE_DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    CADRE_PUBLIC_URL: publicUrl,
    CADRE_WORKER_URL: cfg.worker.internalUrl,
    CADRE_WORKER_PORT: String(cfg.worker.port),
    // Browsers connect to the worker directly, so by default it listens wherever the web does.
    CADRE_WORKER_HOST: cfg.worker.host,
    CADRE_PUBLIC_WORKER_URL: cfg.worker.publicUrl,
    CADRE_WEB_URL: cfg.web.internalUrl,
    NEXT_TELEMETRY_DISABLED: "1",
  };

  log("info", "preparing", { dataDir });
  restrictDataFiles(dataDir, databaseUrl);
  run("database migration", ["--import", "tsx", path.join(ROOT, "scripts/migrate.ts")], env);
  enableWal(databaseUrl);
  restrictDataFiles(dataDir, databaseUrl);
  try {
    if (buildIfNeeded(env, cfg.web.skipBuild)) log("info", "built", { message: "web app built" });
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err));
  }

  const child = (name: Child["name"], script: string): Child => ({
    name,
    args: ["--import", "tsx", path.join(ROOT, script)],
    proc: null,
    startedAt: 0,
    delay: BACKOFF_INITIAL_MS,
    restarts: 0,
    timer: null,
  });
  supervise([child("worker", "worker/main.ts"), child("web", "scripts/web-server.ts")], env);
  log("info", "ready", {
    message: `web on ${publicUrl} · worker on port ${cfg.worker.port} · Ctrl+C to stop`,
    web: `${cfg.web.hostname}:${cfg.web.port}`,
    worker: `${cfg.worker.host}:${cfg.worker.port}`,
  });
}

main();
