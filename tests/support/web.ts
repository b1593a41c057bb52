// Runs the real web process (`scripts/web-server.ts`, Next.js from the build `npm test` makes first) as a child on a
// free port, for tests that need several web processes or the real server in front of the routes.
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { config } from "@/lib/config";
import { ROOT } from "./env";
import { freePort } from "./stack";

export interface StartedWeb {
  url: string;
  port: number;
  proc: ChildProcess;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const READY = /"event":"listening"/;
const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const proc of running) proc.kill("SIGKILL");
});

/**
 * Starts a web process with the test's environment plus `env`; rejects with its output if it exits or is not ready.
 * It runs in production mode, which wants every secret set: those the test process does not set come from its own
 * configuration, so both sides read the same encrypted settings and sign the same realtime tokens. Call after
 * setupTestEnv().
 */
export async function startWeb(
  env: Record<string, string> = {},
  timeoutMs = 120_000,
  port?: number,
): Promise<StartedWeb> {
  const webPort = port ?? (await freePort());
  const { secrets } = config();
  const defaults = {
    BETTER_AUTH_SECRET: secrets.auth,
    CADRE_INTERNAL_SECRET: secrets.internal,
    CADRE_ENCRYPTION_KEY: secrets.encryptionKey,
  };
  const proc = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/web-server.ts")], {
    cwd: ROOT,
    env: {
      ...defaults,
      ...process.env,
      NODE_ENV: "production",
      PORT: String(webPort),
      HOSTNAME: "127.0.0.1",
      NEXT_TELEMETRY_DISABLED: "1",
      ...env,
    },
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
    if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
    const kill = setTimeout(() => proc.kill("SIGKILL"), 15_000);
    const result = await exited;
    clearTimeout(kill);
    return result;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill("SIGKILL");
      reject(new Error(`web was not ready within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (!READY.test(output)) return;
      clearTimeout(timer);
      resolve({ url: `http://127.0.0.1:${webPort}`, port: webPort, proc, output: () => output, stop });
    };
    proc.stdout!.on("data", onData);
    proc.stderr!.on("data", onData);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`web exited (${signal ?? code}) before it was ready:\n${output}`));
    });
  });
}
