// End-to-end throughput (run by bench/run.ts, one child per database and worker count): 20 `command` agents running
// `cat`, concurrency 4 each; tasks submitted through the HTTP API (POST /api/agents/{name}/task, async, 16 requests in
// flight) and run by the workers' runners (default settings: at most 50 runs at once per runner); tasks/s from the
// first submission to the last row finished, every one succeeded. Beside it, measured in this process just before:
// how many `sh -c cat` processes (the command runtime's way to run `cat`, task on stdin, output piped) plain Node (a
// fresh `node` process) runs to their end per second, 16 at a time.
import { spawn } from "node:child_process";
import type { Db } from "@/lib/db";
import { type CpuByProcess, cpuByProcess, cpuSince } from "./lib/cpu";
import { check, count, type Figure, info, ms, rate } from "./lib/figures";
import { createAdmin, inParallel, startWeb, startWorkers, stopAndReport, waitFor } from "./lib/harness";
import { createAgents, type ScenarioContext, scaled } from "./lib/scenario";

const AGENTS = 20;
const LIMIT = 4;
const IN_FLIGHT = 16;

/**
 * Processes per second plain Node spawns and waits for, `IN_FLIGHT` at a time: in a fresh `node` process of its own
 * (a fork costs in proportion to the memory of the process that forks, and this one holds the web's routes).
 */
const SPAWN_RATE = `
  import { spawn } from "node:child_process";
  const [n, inFlight] = process.argv.slice(1).map(Number);
  const runCat = (message) => new Promise((resolve, reject) => {
    const child = spawn("/bin/sh", ["-c", "cat"], { detached: true, stdio: ["pipe", "pipe", "pipe"], env: { PATH: process.env.PATH ?? "/usr/bin:/bin" } });
    let out = "";
    child.stdout.on("data", (c) => (out += c.toString()));
    child.stderr.resume();
    child.once("error", reject);
    child.once("close", (code) => (code === 0 && out === message ? resolve() : reject(new Error("cat exited " + code))));
    child.stdin.end(message);
  });
  const inParallel = async (count) => {
    let next = 0;
    await Promise.all(Array.from({ length: inFlight }, async () => { while (next < count) await runCat("task " + next++); }));
  };
  await inParallel(20);
  const t0 = performance.now();
  await inParallel(n);
  console.log(n / ((performance.now() - t0) / 1000));`;

function spawnRate(n: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", SPAWN_RATE, String(n), String(IN_FLIGHT)], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.once("error", reject);
    child.once("close", (code) => {
      const rate = Number(out.trim());
      if (code === 0 && Number.isFinite(rate)) resolve(rate);
      else reject(new Error(`the spawn-rate process exited ${code}: ${out}`));
    });
  });
}

/** Where a task's time went, p50 over the tasks: waiting in the queue, claimed until recorded, the program itself. */
async function phasesOf(db: Db, agentIds: string[]): Promise<string> {
  const rows = await db.execution.findMany({
    where: { agentId: { in: agentIds } },
    select: { createdAt: true, startedAt: true, finishedAt: true, durationMs: true },
  });
  const p50 = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? 0;
  const wait = p50(rows.map((r) => (r.startedAt?.getTime() ?? 0) - r.createdAt.getTime()));
  const held = p50(rows.map((r) => (r.finishedAt?.getTime() ?? 0) - (r.startedAt?.getTime() ?? 0)));
  const program = p50(rows.map((r) => r.durationMs ?? 0));
  return `${wait} / ${held} / ${program}`;
}

function perTask(cpu: CpuByProcess, tasks: number): string {
  const parts = Object.entries(cpu.byProcess)
    .filter(([, v]) => v / tasks >= 0.1)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${(v / tasks).toFixed(1)}`);
  return `${parts.join(", ")}; the machine ${(cpu.machineBusy / tasks).toFixed(1)} of ${(cpu.machineTotal / tasks).toFixed(1)}`;
}

export async function throughput(ctx: ScenarioContext): Promise<Figure[]> {
  const { db } = await import("@/lib/db");
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
      const cpuBefore = cpuByProcess(process.pid);
      const t0 = Date.now();
      await inParallel(IN_FLIGHT, n, async (i) => {
        const name = agents[i % AGENTS].name;
        const res = await web.request("POST", `/api/agents/${name}/task`, {
          token: admin.token,
          body: { message: `task ${i}`, async: true },
        });
        if (res.status !== 202) throw new Error(`POST task: ${res.status} ${JSON.stringify(res.body)}`);
      });
      const submitted = Date.now() - t0;
      await waitFor(
        "every task to finish",
        async () => (await db.execution.count({ where: { agentId: { in: ids }, finishedAt: null } })) === 0,
        600_000,
        100,
      );
      const done = await db.execution.aggregate({
        where: { agentId: { in: ids } },
        _max: { finishedAt: true },
        _count: { _all: true },
      });
      const succeeded = await db.execution.count({ where: { agentId: { in: ids }, status: "succeeded" } });
      const elapsed = done._max.finishedAt!.getTime() - t0;
      const cpu = cpuSince(cpuBefore, cpuByProcess(process.pid));
      const phases = await phasesOf(db, ids);
      const tasksPerSecond = n / (elapsed / 1000);
      const w = ctx.workers;
      const label = `4. throughput, ${AGENTS} \`cat\` agents × ${LIMIT}, HTTP API submitted → succeeded, ${w} worker${w === 1 ? "" : "s"}`;
      const value = `${rate(tasksPerSecond, "tasks")} (${count(succeeded)}/${count(n)} succeeded in ${ms(elapsed)}; submitting took ${ms(submitted)}; ${Math.round((tasksPerSecond / reference) * 100)}% of the reference)`;
      const figures: Figure[] = [
        w === 1
          ? check(
              `4.tput.${w}`,
              label,
              value,
              "≥ 1/3 of the reference",
              tasksPerSecond >= reference / 3 && succeeded === n,
            )
          : check(`4.tput.${w}`, label, value, "every task succeeded", succeeded === n),
        info(
          `4.ref.${w}`,
          `   reference: \`sh -c cat\` processes plain Node runs per second, ${IN_FLIGHT} at a time`,
          rate(reference, "processes"),
          "reference",
        ),
        info(`4.phases.${w}`, "   p50 of a task's queue wait / claim to recorded / program (ms)", phases),
      ];
      if (cpu)
        figures.push(info(`4.cpu.${w}`, "   CPU per task by process (ms), submitted → all finished", perTask(cpu, n)));
      return figures;
    } finally {
      await stopAndReport(workers, ctx.progress);
    }
  } finally {
    await web.close();
  }
}
