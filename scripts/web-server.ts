// The web process `npm start` runs: Next.js behind a plain node:http server, so Cadre knows the real peer of each
// connection. Every request's X-Forwarded-For is replaced by the one client address resolved from it (the socket's,
// or behind a trusted proxy the forwarded one), and an API request that declares a body over the limit is refused
// before a byte of it is read.
import http from "node:http";
import path from "node:path";
import next from "next";
import { payloadTooLarge } from "@/lib/api/body";
import { MAX_BODY_BYTES, MAX_INTERNAL_BODY_BYTES } from "@/lib/api/limits";
import { type ApiRoute, apiFallback, scanApiRoutes } from "@/lib/api/route-table";
import { API_CONTENT_SECURITY_POLICY, COMMON_SECURITY_HEADERS } from "@/lib/api/security-headers";
import { parseConfig, useConfig } from "@/lib/config";
import { useDatabase } from "@/lib/db";
import { toErrorBody } from "@/lib/errors";
import { parseTrustedProxies, resolveClientAddress, type TrustedProxies } from "@/lib/net/client-address";

const ROOT = path.resolve(import.meta.dirname, "..");
/** Requests still running this long after SIGTERM have their connections closed. */
const STOP_GRACE_MS = 5_000;
/** A stop that takes longer than this is abandoned, so the supervisor always gets its answer. */
const STOP_DEADLINE_MS = 10_000;

function log(level: "info" | "warn" | "error", event: string, fields: Record<string, unknown> = {}): void {
  const line = JSON.stringify({
    time: new Date().toISOString(),
    level,
    component: "web",
    event,
    pid: process.pid,
    ...fields,
  });
  if (level === "info") console.log(line);
  else console.error(line);
}

function pathnameOf(url: string | undefined): string {
  return (url ?? "/").split("?")[0].replace(/\/{2,}/g, "/");
}

/** The declared-size limit for a path: internal hand-overs from the worker may be larger; non-API paths have none. */
function bodyLimitFor(pathname: string): number | null {
  if (pathname.startsWith("/api/internal/")) return MAX_INTERNAL_BODY_BYTES;
  if (pathname.startsWith("/api/")) return MAX_BODY_BYTES;
  return null;
}

/** An API answer made here, before Next.js: JSON in the error shape, with the headers the API's answers carry. */
function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const security = Object.fromEntries(COMMON_SECURITY_HEADERS.map((h) => [h.key, h.value]));
  res.writeHead(status, {
    ...security,
    "content-security-policy": API_CONTENT_SECURITY_POLICY,
    "content-type": "application/json",
    ...headers,
  });
  res.end(JSON.stringify(body));
}

/** Answers the request here when it cannot reach a route: a declared body over the limit, an unknown path or method. */
function answeredEarly(req: http.IncomingMessage, res: http.ServerResponse, routes: readonly ApiRoute[]): boolean {
  const pathname = pathnameOf(req.url);
  const limit = bodyLimitFor(pathname);
  if (limit === null) return false;
  if (Number(req.headers["content-length"] ?? 0) > limit) {
    // The unread body stays on the connection, so it is closed rather than reused.
    sendJson(res, 413, toErrorBody(payloadTooLarge(limit)).body, { connection: "close" });
    return true;
  }
  const fallback = apiFallback(routes, req.method ?? "GET", pathname);
  if (!fallback) return false;
  sendJson(res, fallback.status, fallback.body, fallback.headers);
  return true;
}

/** One client address in X-Forwarded-For; other spellings of it are dropped so nothing reads a client's claim. */
function setClientAddress(req: http.IncomingMessage, trusted: TrustedProxies): void {
  const client = resolveClientAddress(req.socket.remoteAddress, req.headers["x-forwarded-for"], trusted);
  delete req.headers["x-real-ip"];
  delete req.headers.forwarded;
  if (client) req.headers["x-forwarded-for"] = client;
  else delete req.headers["x-forwarded-for"];
}

async function main(): Promise<void> {
  // Parsed once here; the app's route handlers (bundled by Next.js) read the same objects from globalThis.
  const config = parseConfig(process.env);
  useConfig(config);
  useDatabase(config.database);
  const { port, hostname } = config.web;
  const trusted = parseTrustedProxies(config.web.trustedProxies);

  const server = http.createServer();
  const app = next({ dev: false, dir: ROOT, hostname, port, httpServer: server });
  await app.prepare();
  const handle = app.getRequestHandler();
  const routes = scanApiRoutes(ROOT);

  server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (answeredEarly(req, res, routes)) return;
    setClientAddress(req, trusted);
    handle(req, res).catch((err: unknown) => {
      log("error", "request_failed", { message: err instanceof Error ? err.message : String(err) });
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify(toErrorBody(err).body));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, hostname, () => {
      server.off("error", reject);
      resolve();
    });
  });
  log("info", "listening", { host: hostname, port, trustedProxies: trusted.entries });

  let stopping = false;
  const stop = (reason: string) => {
    // The supervisor signals once, but a terminal or a process manager may signal the group too: one stop is enough.
    if (stopping) return;
    stopping = true;
    log("info", "stopping", { reason });
    setTimeout(() => {
      log("error", "stop_timeout", { ms: STOP_DEADLINE_MS });
      process.exit(1);
    }, STOP_DEADLINE_MS).unref();
    setTimeout(() => server.closeAllConnections(), STOP_GRACE_MS).unref();
    server.close(() => {
      void app.close().finally(() => {
        log("info", "stopped");
        process.exit(0);
      });
    });
    server.closeIdleConnections();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
  // Started by `npm start`: when that process is gone (even killed with -9), stop rather than run on unsupervised.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) stop("supervisor gone");
  }, 500).unref();
}

main().catch((err: unknown) => {
  log("error", "start_failed", { message: err instanceof Error ? err.message : String(err) });
  process.exit(1);
});
