// Runs the real worker (`node --import tsx worker/main.ts`) as a child process on a free port, for tests.
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { ROOT } from "./env";

export interface StartedWorker {
  url: string;
  port: number;
  proc: ChildProcess;
  /** everything the worker printed so far (stdout and stderr) */
  output(): string;
  /** sends SIGTERM (or the given signal) and resolves when the process has exited */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
}

const READY = /listening on \S+:(\d+)/;
const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const proc of running) proc.kill("SIGKILL");
});

/**
 * Starts the worker with the test's process.env plus `env`; port 0 lets the system pick a free port, which the
 * worker reports in its ready line. Rejects with the worker's output when it exits or is not ready in time.
 */
export function startWorker(env: Record<string, string> = {}, timeoutMs = 30_000): Promise<StartedWorker> {
  const proc = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "worker/main.ts")], {
    cwd: ROOT,
    env: { ...process.env, CADRE_WORKER_PORT: "0", CADRE_WORKER_HOST: "127.0.0.1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(proc);
  let output = "";
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.once("exit", (code, signal) => {
      running.delete(proc);
      resolve({ code, signal });
    }),
  );

  const stop = async (signal: NodeJS.Signals = "SIGTERM") => {
    const t0 = Date.now();
    if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
    const kill = setTimeout(() => proc.kill("SIGKILL"), 15_000);
    const result = await exited;
    clearTimeout(kill);
    return { ...result, ms: Date.now() - t0 };
  };

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill("SIGKILL");
      reject(new Error(`worker was not ready within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = READY.exec(output);
      if (!match) return;
      clearTimeout(timer);
      const port = Number(match[1]);
      resolve({ url: `http://127.0.0.1:${port}`, port, proc, output: () => output, stop });
    };
    proc.stdout!.on("data", onData);
    proc.stderr!.on("data", onData);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`worker exited (${signal ?? code}) before it was ready:\n${output}`));
    });
  });
}
