// Who this worker process is on the bus: a unique id (stored on the executions it claims and on its Runner row) and
// its runner name (CADRE_RUNNER_NAME, else the host name), by which agents are pinned to it.
import crypto from "node:crypto";
import os from "node:os";
import type { CadreConfig } from "@/lib/config";

export interface WorkerIdentity {
  id: string;
  name: string;
  host: string;
  pid: number;
}

export function workerIdentity(config: CadreConfig): WorkerIdentity {
  const host = os.hostname();
  const name = config.worker.runnerName ?? (host.replace(/[^A-Za-z0-9._-]/g, "-").slice(0, 63) || "worker");
  return { id: `${name}-${process.pid}-${crypto.randomBytes(4).toString("hex")}`, name, host, pid: process.pid };
}
