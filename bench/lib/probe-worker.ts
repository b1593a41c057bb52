// A real worker (worker/index.ts createWorker, every part the configuration turns on, configured from the environment
// as worker/main.ts does) with a probe in the same process, driven by its parent over IPC:
// - a bare timer aligned to each second (the reference for the scheduler's fire lateness: same process, same loop);
// - the scheduler's own lateness samples, its stats, and a resync on demand;
// - the process's memory.
// Spawned by spawnProbeWorker(); not an entry point of its own.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export interface ProbeOps {
  /** fire lateness samples of the scheduler's last minute (ms), oldest first */
  lateness: number[];
  /** the bare timer's samples: when it was due and how late it ran (ms) */
  timer: { at: number; late: number }[];
  stats: Record<string, unknown>;
  /** schedules re-read and how long it took */
  resync: { stale: number; ms: number };
  memory: NodeJS.MemoryUsage;
}

export interface ProbeWorker {
  pid: number;
  port: number;
  ask<K extends keyof ProbeOps>(op: K): Promise<ProbeOps[K]>;
  output(): string;
  stop(): Promise<void>;
}

if (process.argv.includes("--probe-worker")) await probeMain();

async function probeMain(): Promise<void> {
  const { parseConfig, useConfig } = await import("@/lib/config");
  const { useDatabase } = await import("@/lib/db");
  const { createWorker } = await import("@/worker/index");
  const { createLog } = await import("@/worker/log");
  const config = parseConfig(process.env);
  useConfig(config);
  useDatabase(config.database);
  const log = createLog();

  // The bare timer: one setTimeout aimed at each second boundary, re-armed after it runs.
  const timer: { at: number; late: number }[] = [];
  const armTimer = () => {
    const at = Math.ceil((Date.now() + 1) / 1000) * 1000;
    setTimeout(() => {
      timer.push({ at, late: Date.now() - at });
      armTimer();
    }, at - Date.now()).unref();
  };
  armTimer();

  const worker = createWorker(config, { log });
  await worker.start();
  log.info(`listening on ${config.worker.host}:${worker.port} (probe)`);

  const ops: { [K in keyof ProbeOps]: () => ProbeOps[K] | Promise<ProbeOps[K]> } = {
    lateness: () => worker.scheduler.lateness(),
    timer: () => timer,
    stats: () => worker.scheduler.stats() as unknown as Record<string, unknown>,
    resync: async () => {
      const t0 = performance.now();
      const stale = await worker.scheduler.resync();
      return { stale, ms: performance.now() - t0 };
    },
    memory: () => process.memoryUsage(),
  };
  process.on("message", async (msg: { seq: number; op: keyof ProbeOps }) => {
    try {
      process.send!({ seq: msg.seq, result: await ops[msg.op]() });
    } catch (err) {
      process.send!({ seq: msg.seq, error: String(err) });
    }
  });
  process.send!({ seq: 0, result: worker.port });
  // The parent gone (or asking to stop): stop as worker/main.ts does on SIGTERM.
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void worker.stop().finally(() => process.exit(0));
  };
  process.on("disconnect", stop);
  process.on("SIGTERM", stop);
}

/** Starts a probe worker with the current environment plus `env`; resolves once it has started every part. */
export function spawnProbeWorker(
  env: Record<string, string>,
  opts: { onSpawn?: (pid: number) => void; timeoutMs?: number } = {},
): Promise<ProbeWorker> {
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const proc: ChildProcess = spawn(
    process.execPath,
    ["--import", "tsx", path.join(import.meta.dirname, "probe-worker.ts"), "--probe-worker"],
    {
      env: { ...process.env, CADRE_WORKER_PORT: "0", CADRE_WORKER_HOST: "127.0.0.1", ...env },
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    },
  );
  if (proc.pid !== undefined) opts.onSpawn?.(proc.pid);
  let output = "";
  // Only the start and the end of what it logged are kept: a resync of 10,000 schedules logs a line for each.
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 400_000) output = output.slice(0, 100_000) + "\n…\n" + output.slice(-100_000);
  };
  proc.stdout!.on("data", keep);
  proc.stderr!.on("data", keep);
  const pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  let seq = 0;
  proc.on("message", (msg: { seq: number; result?: unknown; error?: string }) => {
    const p = pending.get(msg.seq);
    pending.delete(msg.seq);
    if (msg.error !== undefined) p?.reject(new Error(msg.error));
    else p?.resolve(msg.result);
  });
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  void exited.then(() => {
    for (const p of pending.values()) p.reject(new Error(`probe worker exited:\n${output.slice(-3000)}`));
    pending.clear();
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill("SIGKILL");
      reject(new Error(`probe worker not ready within ${timeoutMs} ms:\n${output.slice(-3000)}`));
    }, timeoutMs);
    pending.set(0, {
      resolve: (port: number) => {
        clearTimeout(timer);
        resolve({
          pid: proc.pid!,
          port,
          ask: (op) =>
            new Promise((res, rej) => {
              const id = ++seq;
              pending.set(id, { resolve: res, reject: rej });
              proc.send({ seq: id, op });
            }),
          output: () => output,
          async stop() {
            if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGTERM");
            const kill = setTimeout(() => proc.kill("SIGKILL"), 15_000);
            await exited;
            clearTimeout(kill);
          },
        });
      },
      reject: (err) => {
        clearTimeout(timer);
        reject(err);
      },
    });
  });
}

/** The resident set size of a process (Linux /proc), or null where there is none. */
export function rssOf(pid: number): number | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const m = /VmRSS:\s+(\d+) kB/.exec(status);
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}
