// A real web API and a real worker for tests. The web side runs in the test process: a node:http server that hands
// /api/internal/execute-task to the real route module with a real Request (it queues executions, like `next start`),
// and writes its events to the outbox. The worker is the real `worker/main.ts` process, calling that server as
// CADRE_WEB_URL; its runner part runs the executions.
import http from "node:http";
import type { AddressInfo } from "node:net";
import net from "node:net";
import { setTestEnv, setupTestEnv, type TestEnv } from "./env";
import { type StartedWorker, startWorker } from "./worker";

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface Stack {
  env: TestEnv;
  webUrl: string;
  workerUrl: string;
  worker: StartedWorker;
  /** requests the web server answered, newest last (method, path, status) */
  requests: { path: string; status: number; at: number }[];
  /** while down, the web answers 503 to everything (the worker must keep the rows and send them later) */
  setWebDown(down: boolean): void;
  /** stops the worker (SIGKILL by default, like a crash) and starts a new one on the same port */
  restartWorker(opts?: { signal?: NodeJS.Signals; pauseMs?: number }): Promise<StartedWorker>;
  killWorker(signal?: NodeJS.Signals): Promise<void>;
  startWorkerAgain(): Promise<StartedWorker>;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The whole body of a request, as text. */
export function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => resolve(body));
    req.on("error", reject);
  });
}

/**
 * Sets up the test environment (fresh database), starts the web server and the worker. Import lib/ modules only
 * after it resolves: the web environment (CADRE_WORKER_URL) is set here first.
 */
export async function startStack(name: string, workerEnv: Record<string, string> = {}): Promise<Stack> {
  const env = setupTestEnv(name);
  const workerPort = await freePort();
  const workerUrl = `http://127.0.0.1:${workerPort}`;
  setTestEnv({ CADRE_WORKER_URL: workerUrl, CADRE_PUBLIC_WORKER_URL: undefined });

  const routes: Record<string, Record<string, unknown>> = {
    "/api/internal/execute-task": await import("@/app/api/internal/execute-task/route"),
  };
  const requests: Stack["requests"] = [];
  let down = false;

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const answer = (status: number, body: string) => {
      requests.push({ path: url.pathname, status, at: Date.now() });
      res.writeHead(status, { "content-type": "application/json" });
      res.end(body);
    };
    try {
      const body = await readBody(req);
      if (down) return answer(503, JSON.stringify({ error: { code: "unavailable", message: "web is down (test)" } }));
      const handler = routes[url.pathname]?.[req.method ?? "GET"] as Handler | undefined;
      if (!handler) return answer(404, JSON.stringify({ error: { code: "not_found", message: "Not found" } }));
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      const request = new Request(url, { method: req.method, headers, body: body || undefined });
      const response = await handler(request, { params: Promise.resolve({}) });
      answer(response.status, await response.text());
    } catch (err) {
      answer(500, JSON.stringify({ error: { code: "internal", message: String(err) } }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const webUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const spawnWorker = () => startWorker({ CADRE_WORKER_PORT: String(workerPort), CADRE_WEB_URL: webUrl, ...workerEnv });
  const stack: Stack = {
    env,
    webUrl,
    workerUrl,
    worker: await spawnWorker(),
    requests,
    setWebDown(value) {
      down = value;
    },
    async killWorker(signal = "SIGKILL") {
      await stack.worker.stop(signal);
    },
    async startWorkerAgain() {
      stack.worker = await spawnWorker();
      return stack.worker;
    },
    async restartWorker({ signal = "SIGKILL", pauseMs = 0 } = {}) {
      await stack.killWorker(signal);
      if (pauseMs > 0) await new Promise((r) => setTimeout(r, pauseMs));
      return stack.startWorkerAgain();
    },
    async stop() {
      await stack.worker.stop("SIGTERM");
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      const { closeDatabase } = await import("@/lib/db");
      await closeDatabase();
    },
  };
  return stack;
}
