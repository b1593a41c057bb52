// End-to-end throughput (run by bench/run.ts, one child per database and worker count): 20 `command` agents running
// `cat`, concurrency 4 each; tasks submitted through the HTTP API (POST /api/agents/{name}/task, async, 16 requests in
// flight) and run by the workers' runners (default settings: at most 50 runs at once per runner); tasks/s from the
// first submission to the last row finished, every one succeeded. Beside it, measured in this process just before:
// how many `sh -c cat` processes (the command runtime's way to run `cat`, task on stdin, output piped) plain Node
// runs to their end per second, 16 at a time.
import { spawn } from "node:child_process";
import { check, count, info, ms, rate, type Figure } from "./lib/figures";
import { createAdmin, inParallel, startWeb, startWorkers, waitFor, workerTrouble } from "./lib/harness";
import { createAgents, scaled, type ScenarioContext } from "./lib/scenario";

const AGENTS = 20;
const LIMIT = 4;
const IN_FLIGHT = 16;

function runCat(message: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("/bin/sh", ["-c", "cat"], { detached: true, stdio: ["pipe", "pipe", "pipe"], env: { PATH: process.env.PATH ?? "/usr/bin:/bin" } as Record<string, string> as NodeJS.ProcessEnv });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.resume();
    child.once("error", reject);
    child.once("close", (code) => (code === 0 && out === message ? resolve() : reject(new Error(`cat exited ${code}`))));
    child.stdin.end(message);
  });
}

/** Processes per second plain Node spawns and waits for, `IN_FLIGHT` at a time. */
async function spawnRate(n: number): Promise<number> {
  await inParallel(IN_FLIGHT, 20, () => runCat("warm-up"));
  const t0 = performance.now();
  await inParallel(IN_FLIGHT, n, (i) => runCat(`task ${i}`));
  return n / ((performance.now() - t0) / 1000);
}

export async function throughput(ctx: ScenarioContext): Promise<Figure[]> {
  const { db } = await import("../lib/db");
  const n = scaled(ctx, 1000, 200);
  const web = await startWeb();
  try {
    const admin = await createAdmin();
    const agents = await createAgents(web, admin, "tput", AGENTS, { command: "cat", concurrencyLimit: LIMIT });
    const workers = await startWorkers(ctx.workers, web);
    try {
      const reference = await spawnRate(scaled(ctx, 1000, 200));
      ctx.progress(`${n} tasks; reference ${reference.toFixed(1)} spawns/s`);
      const ids = agents.map((a) => a.id);
      const t0 = Date.now();
      await inParallel(IN_FLIGHT, n, async (i) => {
        const name = agents[i % AGENTS].name;
        const res = await web.request("POST", `/api/agents/${name}/task`, { token: admin.token, body: { message: `task ${i}`, async: true } });
        if (res.status !== 202) throw new Error(`POST task: ${res.status} ${JSON.stringify(res.body)}`);
      });
      const submitted = Date.now() - t0;
      await waitFor("every task to finish", async () => (await db.execution.count({ where: { agentId: { in: ids }, finishedAt: null } })) === 0, 600_000, 100);
      const done = await db.execution.aggregate({ where: { agentId: { in: ids } }, _max: { finishedAt: true }, _count: { _all: true } });
      const succeeded = await db.execution.count({ where: { agentId: { in: ids }, status: "succeeded" } });
      const elapsed = done._max.finishedAt!.getTime() - t0;
      const tasksPerSecond = n / (elapsed / 1000);
      const w = ctx.workers;
      const label = `4. throughput, ${AGENTS} \`cat\` agents × ${LIMIT}, HTTP API submitted → succeeded, ${w} worker${w === 1 ? "" : "s"}`;
      const value = `${rate(tasksPerSecond, "tasks")} (${count(succeeded)}/${count(n)} succeeded in ${ms(elapsed)}; submitting took ${ms(submitted)}; ${Math.round((tasksPerSecond / reference) * 100)}% of the reference)`;
      const figures: Figure[] = [
        w === 1
          ? check(`4.tput.${w}`, label, value, "≥ 1/3 of the reference", tasksPerSecond >= reference / 3 && succeeded === n)
          : check(`4.tput.${w}`, label, value, "every task succeeded", succeeded === n),
        info(`4.ref.${w}`, `   reference: \`sh -c cat\` processes plain Node runs per second, ${IN_FLIGHT} at a time`, rate(reference, "processes"), "reference"),
      ];
      return figures;
    } finally {
      await workers.stop();
      for (const [i, w] of workers.list.entries()) for (const line of workerTrouble(w.output())) ctx.progress(`worker ${i + 1} ${line}`);
    }
  } finally {
    await web.close();
  }
}
