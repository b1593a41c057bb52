// The worker's HTTP server: Socket.IO attaches to it; the only plain route is GET /healthz.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface WorkerHttp {
  server: http.Server;
  /** the bound port (the real one when 0 was asked for) */
  port(): number;
  start(): Promise<void>;
  stop(): Promise<void>;
}

function handle(req: http.IncomingMessage, res: http.ServerResponse): void {
  const path = (req.url ?? "/").split("?")[0];
  const ok = path === "/healthz" && (req.method === "GET" || req.method === "HEAD");
  res.writeHead(ok ? 200 : 404, { "content-type": "application/json" });
  res.end(JSON.stringify(ok ? { ok: true } : { error: { code: "not_found", message: "Not found" } }));
}

export function createWorkerHttp(host: string, port: number): WorkerHttp {
  const server = http.createServer(handle);
  return {
    server,
    port: () => (server.address() as AddressInfo | null)?.port ?? port,
    start: () =>
      new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          server.off("error", reject);
          resolve();
        });
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        // Keep-alive connections would hold close() open until they time out.
        server.closeAllConnections();
      }),
  };
}
