// `npm start`: prepares the data folder (secrets, database, migrations), builds the web app when the code
// changed, then runs the web process (`next start`) and the worker side by side until SIGTERM/SIGINT.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { z } from "zod";

const ROOT = path.resolve(import.meta.dirname, "..");
const NODE = process.execPath;

const StartEnv = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOSTNAME: z.string().default("0.0.0.0"),
  CADRE_WORKER_PORT: z.coerce.number().int().min(1).max(65535).default(3001),
  CADRE_DATA_DIR: z.string().default("data"),
  DATABASE_URL: z.string().optional(),
  CADRE_PUBLIC_URL: z.string().url().optional(),
  CADRE_PUBLIC_WORKER_URL: z.string().url().optional(),
  CADRE_SKIP_BUILD: z.enum(["0", "1"]).default("0"),
});

function log(message: string): void {
  console.log(`[cadre] ${message}`);
}

function fail(message: string): never {
  console.error(`[cadre] ${message}`);
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

/** A fingerprint of what the build depends on; a change (git pull, edited file) triggers a rebuild. */
function sourceFingerprint(): string {
  const hash = crypto.createHash("sha256");
  const skip = new Set(["node_modules", ".next", "data", ".git", "test-results", "playwright-report", "generated"]);
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (skip.has(entry.name)) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(tsx?|css|mjs|json|prisma)$/.test(entry.name)) {
        const stat = fs.statSync(full);
        hash.update(`${path.relative(ROOT, full)}:${stat.size}:${stat.mtimeMs}\n`);
      }
    }
  };
  for (const dir of ["app", "components", "lib", "prisma"]) if (fs.existsSync(path.join(ROOT, dir))) walk(path.join(ROOT, dir));
  for (const file of ["package-lock.json", "next.config.ts", "proxy.ts", "instrumentation.ts", "postcss.config.mjs"]) {
    const full = path.join(ROOT, file);
    if (fs.existsSync(full)) hash.update(`${file}:${fs.statSync(full).mtimeMs}\n`);
  }
  return hash.digest("hex");
}

function buildIfNeeded(env: NodeJS.ProcessEnv, skip: boolean): void {
  const stamp = path.join(ROOT, ".next", "cadre-build-stamp");
  const buildId = path.join(ROOT, ".next", "BUILD_ID");
  const fingerprint = sourceFingerprint();
  const current = fs.existsSync(buildId) && fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === fingerprint;
  if (current || (skip && fs.existsSync(buildId))) return;
  log("building the web app (first start or code changed; takes a minute)…");
  run("next build", [path.join(ROOT, "node_modules/next/dist/bin/next"), "build"], { ...env, NODE_ENV: "production" });
  fs.writeFileSync(stamp, fingerprint);
}

function main(): void {
  const parsed = StartEnv.safeParse(process.env);
  if (!parsed.success) {
    fail(`invalid environment: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  const cfg = parsed.data;
  const dataDir = path.resolve(ROOT, cfg.CADRE_DATA_DIR);
  fs.mkdirSync(dataDir, { recursive: true });
  const databaseUrl = cfg.DATABASE_URL ?? `file:${path.join(dataDir, "cadre.db")}`;
  const publicUrl = cfg.CADRE_PUBLIC_URL ?? `http://localhost:${cfg.PORT}`;
  const workerUrl = `http://127.0.0.1:${cfg.CADRE_WORKER_PORT}`;

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...loadSecrets(dataDir),
    NODE_ENV: "production",
    CADRE_DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    CADRE_PUBLIC_URL: publicUrl,
    CADRE_WORKER_URL: workerUrl,
    CADRE_WORKER_PORT: String(cfg.CADRE_WORKER_PORT),
    CADRE_PUBLIC_WORKER_URL: cfg.CADRE_PUBLIC_WORKER_URL ?? `http://localhost:${cfg.CADRE_WORKER_PORT}`,
    CADRE_WEB_URL: `http://127.0.0.1:${cfg.PORT}`,
    NEXT_TELEMETRY_DISABLED: "1",
  };

  log(`data folder ${dataDir}`);
  run("database migration", [path.join(ROOT, "node_modules/prisma/build/index.js"), "migrate", "deploy"], env);
  enableWal(databaseUrl);
  buildIfNeeded(env, cfg.CADRE_SKIP_BUILD === "1");

  const children: ChildProcess[] = [];
  let stopping = false;

  const stopAll = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    log(`stopping (${signal})…`);
    for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
    // A process that ignores SIGTERM for 15 s is killed so the command always returns.
    setTimeout(() => {
      for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
    }, 15_000).unref();
  };

  const startChild = (name: string, args: string[]) => {
    const child = spawn(NODE, args, { cwd: ROOT, env, stdio: "inherit" });
    children.push(child);
    child.on("exit", (code, signal) => {
      if (!stopping) {
        log(`${name} exited unexpectedly (${signal ?? code}); stopping Cadre`);
        process.exitCode = 1;
        stopAll("SIGTERM");
      }
      if (children.every((c) => c.exitCode !== null || c.signalCode !== null)) {
        log("stopped");
        process.exit(process.exitCode ?? 0);
      }
    });
  };

  startChild("worker", ["--import", "tsx", path.join(ROOT, "worker/main.ts")]);
  startChild("web", [
    path.join(ROOT, "node_modules/next/dist/bin/next"),
    "start",
    "--port",
    String(cfg.PORT),
    "--hostname",
    cfg.HOSTNAME,
  ]);
  log(`web on ${publicUrl} · worker on port ${cfg.CADRE_WORKER_PORT} · Ctrl+C to stop`);

  process.on("SIGTERM", () => stopAll("SIGTERM"));
  process.on("SIGINT", () => stopAll("SIGINT"));
  // `npm start` runs this under `sh -c`, which does not pass SIGTERM on: when our parent goes away, stop too.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) stopAll("SIGTERM");
  }, 500).unref();
}

main();
