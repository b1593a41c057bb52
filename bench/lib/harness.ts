// What every benchmark runs on, all of it the real thing: a migrated database of its own (a SQLite file in a temp dir,
// or a PostgreSQL database `cadre_bench_…` created on CADRE_TEST_POSTGRES_URL's server and dropped after — not the
// tests' `cadre_t_` prefix, which a test run beside it may drop), the web's route modules behind a real HTTP server
// in this process (as in `next start`: real Requests, real answers), and real worker processes (worker/main.ts).
// Import lib/ modules only after openDatabase() resolves: it sets the environment they are configured from.
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { migrate, postgresServerUrl, type TestDatabaseKind } from "@/tests/support/database";
import { setTestEnv } from "@/tests/support/env";
import { readBody } from "@/tests/support/stack";
import { type StartedWorker, startWorker } from "@/tests/support/worker";

export type DatabaseKind = TestDatabaseKind;

export const BENCH_DATABASE_PREFIX = "cadre_bench_";

export interface BenchEnv {
  kind: DatabaseKind;
  dir: string;
  databaseUrl: string;
  internalSecret: string;
  /** closes this process's connections, drops the PostgreSQL database and removes the temp dir */
  close(): Promise<void>;
}

async function withServer<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: postgresServerUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated database of `kind`, and the environment the code under test reads, set in this process. */
export async function openDatabase(label: string, kind: DatabaseKind): Promise<BenchEnv> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `cadre-bench-${label}-`));
  let databaseUrl: string;
  let dropName: string | null = null;
  if (kind === "sqlite") {
    databaseUrl = `file:${path.join(dir, "cadre.db")}`;
  } else {
    dropName = `${BENCH_DATABASE_PREFIX}${label
      .replace(/[^a-z0-9]/gi, "_")
      .toLowerCase()
      .slice(0, 30)}_${crypto.randomBytes(4).toString("hex")}`;
    await withServer((c) => c.query(`CREATE DATABASE "${dropName}"`));
    const u = new URL(postgresServerUrl());
    u.pathname = `/${dropName}`;
    databaseUrl = u.toString();
  }
  migrate(databaseUrl);
  const internalSecret = crypto.randomBytes(24).toString("hex");
  setTestEnv({
    NODE_ENV: "test",
    CADRE_TEST_DATABASE: kind,
    DATABASE_URL: databaseUrl,
    CADRE_DATA_DIR: dir,
    CADRE_INTERNAL_SECRET: internalSecret,
    BETTER_AUTH_SECRET: crypto.randomBytes(24).toString("hex"),
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
  });
  return {
    kind,
    dir,
    databaseUrl,
    internalSecret,
    async close() {
      const { closeDatabase } = await import("@/lib/db");
      await closeDatabase();
      if (dropName) await withServer((c) => c.query(`DROP DATABASE IF EXISTS "${dropName}" WITH (FORCE)`));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------- the web

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** The routes the benchmarks use, as Next.js maps them. */
const ROUTES: [pattern: string, load: () => Promise<Record<string, unknown>>][] = [
  ["/api/internal/execute-task", () => import("@/app/api/internal/execute-task/route")],
  ["/api/agents", () => import("@/app/api/agents/route")],
  ["/api/agents/[name]", () => import("@/app/api/agents/[name]/route")],
  ["/api/agents/[name]/task", () => import("@/app/api/agents/[name]/task/route")],
  ["/api/agents/[name]/schedules", () => import("@/app/api/agents/[name]/schedules/route")],
  ["/api/agents/[name]/schedules/[id]", () => import("@/app/api/agents/[name]/schedules/[id]/route")],
  ["/api/executions", () => import("@/app/api/executions/route")],
  ["/api/executions/[id]", () => import("@/app/api/executions/[id]/route")],
  ["/api/realtime/token", () => import("@/app/api/realtime/token/route")],
];

interface CompiledRoute {
  regex: RegExp;
  names: string[];
  mod: Record<string, unknown>;
}

export interface WebAnswer<T = any> {
  status: number;
  body: T;
}

export interface BenchWeb {
  url: string;
  /** a real HTTP request to the server, with an API token */
  request<T = any>(method: string, pathname: string, opts?: { token?: string; body?: unknown }): Promise<WebAnswer<T>>;
  close(): Promise<void>;
}

/** The web's route modules behind a node:http server on a free port of 127.0.0.1. */
export async function startWeb(): Promise<BenchWeb> {
  const routes: CompiledRoute[] = [];
  for (const [pattern, load] of ROUTES) {
    const names: string[] = [];
    const source = pattern.replace(/\[(\w+)\]/g, (_, name: string) => {
      names.push(name);
      return "([^/]+)";
    });
    routes.push({ regex: new RegExp(`^${source}$`), names, mod: await load() });
  }
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const answer = (status: number, body: string) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(body);
    };
    try {
      const body = await readBody(req);
      for (const r of routes) {
        const m = r.regex.exec(url.pathname);
        if (!m) continue;
        const handler = r.mod[req.method ?? "GET"] as Handler | undefined;
        if (!handler)
          return answer(405, JSON.stringify({ error: { code: "method_not_allowed", message: "Method not allowed" } }));
        const params = Object.fromEntries(r.names.map((n, i) => [n, decodeURIComponent(m[i + 1])]));
        const headers = new Headers();
        for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
        const response = await handler(new Request(url, { method: req.method, headers, body: body || undefined }), {
          params: Promise.resolve(params),
        });
        return answer(response.status, await response.text());
      }
      answer(404, JSON.stringify({ error: { code: "not_found", message: "Not found" } }));
    } catch (err) {
      answer(500, JSON.stringify({ error: { code: "internal", message: String(err) } }));
    }
  });
  server.keepAliveTimeout = 60_000;
  const clientAgent = new http.Agent({ keepAlive: true });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  setTestEnv({ CADRE_WEB_URL: url });
  return {
    url,
    // node:http with kept-alive connections rather than fetch: the load this process makes must cost it little, for
    // it shares the machine with what it measures.
    request(method, pathname, opts = {}) {
      const headers: Record<string, string> = {};
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      const body = opts.body === undefined ? undefined : JSON.stringify(opts.body);
      if (body !== undefined) {
        headers["content-type"] = "application/json";
        headers["content-length"] = String(Buffer.byteLength(body));
      }
      return new Promise((resolve, reject) => {
        const req = http.request(new URL(pathname, url), { method, headers, agent: clientAgent }, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null });
          });
          res.on("error", reject);
        });
        req.on("error", reject);
        req.end(body);
      });
    },
    async close() {
      clientAgent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// ---------------------------------------------------------------- workers

export interface Workers {
  list: StartedWorker[];
  /** SIGTERM to each, in parallel; resolves when all have exited (their output saved first where BENCH_LOGS says) */
  stop(): Promise<void>;
}

let logCount = 0;

/** With BENCH_LOGS=<dir>, what a worker printed is kept there (one file per worker) for a look after the run. */
export function keepLog(label: string, output: string): void {
  const dir = process.env.BENCH_LOGS;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${process.pid}-${++logCount}-${label}.log`), output);
}

/**
 * Starts `n` real worker processes at once (worker/main.ts), each calling `web` as CADRE_WEB_URL. For a closer look:
 * BENCH_WORKER_NODE_OPTIONS is their NODE_OPTIONS (e.g. "--import ./profile.mjs"), BENCH_WORKER_ENV a JSON object of
 * variables set on top (e.g. {"CADRE_WORKER_PARTS":"scheduler"}).
 */
export async function startWorkers(n: number, web: BenchWeb, env: Record<string, string> = {}): Promise<Workers> {
  const nodeOptions: Record<string, string> = process.env.BENCH_WORKER_NODE_OPTIONS
    ? { NODE_OPTIONS: process.env.BENCH_WORKER_NODE_OPTIONS }
    : {};
  const extra = JSON.parse(process.env.BENCH_WORKER_ENV ?? "{}") as Record<string, string>;
  const list = await Promise.all(
    Array.from({ length: n }, (_, i) =>
      startWorker(
        {
          CADRE_WEB_URL: web.url,
          CADRE_RUNNER_NAME: `bench-${i + 1}`,
          CADRE_WORKER_HEARTBEAT_MS: "1000",
          ...nodeOptions,
          ...env,
          ...extra,
        },
        120_000,
      ),
    ),
  );
  return {
    list,
    async stop() {
      await Promise.all(list.map((w) => w.stop("SIGTERM")));
      for (const [i, w] of list.entries()) keepLog(`worker-${i + 1}`, w.output());
    },
  };
}

/** One JSON log line of a worker. */
export interface LogLine {
  time: number;
  level: string;
  message: string;
  [field: string]: unknown;
}

export function logLines(output: string): LogLine[] {
  const out: LogLine[] = [];
  for (const line of output.split("\n")) {
    if (!line.startsWith("{")) continue;
    try {
      const entry = JSON.parse(line) as LogLine & { time: string };
      out.push({ ...entry, time: Date.parse(entry.time) });
    } catch {
      // not a log line
    }
  }
  return out;
}

/** Stops the workers, then reports the warnings and errors each logged. */
export async function stopAndReport(workers: Workers, progress: (line: string) => void): Promise<void> {
  await workers.stop();
  for (const [i, w] of workers.list.entries())
    for (const line of workerTrouble(w.output())) progress(`worker ${i + 1} ${line}`);
}

/** The warnings and errors a worker logged, for the report (at most `max`). */
export function workerTrouble(output: string, max = 5): string[] {
  return logLines(output)
    .filter((l) => l.level === "warn" || l.level === "error")
    .slice(0, max)
    .map(
      (l) =>
        `${l.level}: ${l.message.replace(/\s+/g, " ").slice(0, 300)}${typeof l.error === "string" ? ` — ${l.error.split("\n").slice(0, 3).join(" ").slice(0, 400)}` : ""}`,
    );
}

// ---------------------------------------------------------------- people and sockets

export interface BenchUser {
  id: string;
  token: string;
}

export async function createAdmin(): Promise<BenchUser> {
  const { createTestUser } = await import("@/tests/support/users");
  const user = await createTestUser("admin");
  return { id: user.id, token: user.token };
}

export interface SeenEvent {
  name: string;
  payload: any;
  at: number;
}

export interface BrowserSocket {
  /** every event received, in order */
  received: SeenEvent[];
  /**
   * Resolves with the first event `match` accepts: among those received from index `from` on (default: only those
   * still to come).
   */
  next(match: (e: SeenEvent) => boolean, timeoutMs?: number, from?: number): Promise<SeenEvent>;
  close(): void;
}

/** A browser's live connection to a worker's socket hub (token from GET /api/realtime/token), in the agents' rooms. */
export async function connectBrowser(
  web: BenchWeb,
  user: BenchUser,
  workerUrl: string,
  agents: string[] = [],
): Promise<BrowserSocket> {
  const { io } = await import("socket.io-client");
  const res = await web.request<{ token: string }>("GET", "/api/realtime/token", { token: user.token });
  if (res.status !== 200) throw new Error(`realtime token: ${res.status} ${JSON.stringify(res.body)}`);
  const socket = io(workerUrl, {
    auth: { token: res.body.token },
    transports: ["websocket"],
    reconnection: false,
    forceNew: true,
  });
  const received: SeenEvent[] = [];
  const waiters = new Set<{ match: (e: SeenEvent) => boolean; resolve: (e: SeenEvent) => void }>();
  socket.onAny((name: string, payload: unknown) => {
    const e = { name, payload, at: Date.now() };
    received.push(e);
    for (const w of waiters) {
      if (!w.match(e)) continue;
      waiters.delete(w);
      w.resolve(e);
    }
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  for (const agent of agents) {
    const ack = (await socket.timeout(5_000).emitWithAck("subscribe", { agent })) as { ok: boolean; error?: string };
    if (!ack.ok) throw new Error(`subscribe ${agent}: ${ack.error}`);
  }
  return {
    received,
    next(match, timeoutMs = 10_000, from) {
      const already = from === undefined ? undefined : received.slice(from).find(match);
      if (already) return Promise.resolve(already);
      return new Promise((resolve, reject) => {
        const w = {
          match,
          resolve: (e: SeenEvent) => {
            clearTimeout(timer);
            resolve(e);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(w);
          reject(new Error(`no matching event within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(w);
      });
    },
    close: () => void socket.close(),
  };
}

// ---------------------------------------------------------------- small tools

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `fn` until it answers something truthy; throws with `what` after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | null | undefined | false>,
  timeoutMs: number,
  stepMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(stepMs);
  }
}

/** Runs `tasks` with at most `width` going at once, in order of the array. */
export async function inParallel<T>(width: number, count: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, count) }, async () => {
      while (next < count) {
        const i = next++;
        out[i] = await task(i);
      }
    }),
  );
  return out;
}

/** The stats each worker wrote to its registry row (its last heartbeat, or its stop), by runner name. */
export async function registryStats(): Promise<{ name: string; stats: Record<string, any> }[]> {
  const { db } = await import("@/lib/db");
  const rows = await db.runner.findMany({ orderBy: { name: "asc" }, select: { name: true, stats: true } });
  return rows.map((r) => ({ name: r.name, stats: JSON.parse(r.stats) as Record<string, any> }));
}
