// Deleting an agent with a long history: `npm run bench:agent-delete` (node --import tsx bench/agent-delete.ts), and
// item 7 of `npm run bench`. For SQLite and PostgreSQL, each in a child process of its own (`--child <kind>`), on real
// parts: a migrated database of its own (bench/lib/harness.ts), the web's route modules in the child (as in `next
// start`) and the real worker process, whose agent purger removes the rows. An agent gets 50,000 executions
// (multi-row inserts; BENCH_AGENT_EXECUTIONS) with conversations, schedules and a skill; while other requests run back
// to back — GET /api/agents (reads) and PUT /api/agents/{other} (writes) — the agent is deleted. Printed side by side:
// the DELETE's answer time, how long the workers took to remove the rows, and the other requests' latency before
// (baseline), during the removal, and during the one-statement cascade delete the DELETE used to run (the agent row
// deleted with its 50,000 executions at once, as before the purge).
import { spawn } from "node:child_process";
import path from "node:path";
import type { DatabaseKind } from "./lib/harness";

const executionsWanted = () => Number(process.env.BENCH_AGENT_EXECUTIONS ?? 50_000);
const BASELINE_MS = 3_000;
export const ANSWER_TARGET_MS = 2_000;
const FIGURES_LINE = "AGENT_DELETE_FIGURES ";

export interface Latencies {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

export interface AgentDeleteFigures {
  kind: string;
  executions: number;
  seedMs: number;
  deleteAnswerMs: number;
  purgeMs: number;
  baseline: { read: Latencies; write: Latencies };
  during: { read: Latencies; write: Latencies; errors: number };
  cascade: { answerMs: number; read: Latencies; write: Latencies; errors: number };
}

if (process.argv[1] === import.meta.filename) {
  const childIndex = process.argv.indexOf("--child");
  if (childIndex >= 0) {
    const figures = await child(process.argv[childIndex + 1] as DatabaseKind);
    process.stdout.write(`\n${FIGURES_LINE}${JSON.stringify(figures)}\n`);
    process.exit(0);
  } else {
    await parent();
  }
}

function summary(values: number[]): Latencies {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) =>
    sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  return { n: sorted.length, p50: at(50), p99: at(99), max: at(100) };
}

async function child(kind: DatabaseKind): Promise<AgentDeleteFigures> {
  const EXECUTIONS = executionsWanted();
  const { openDatabase } = await import("./lib/harness");
  const env = await openDatabase(`agent-delete-${kind}`, kind);
  const { call } = await import("@/tests/support/http");
  const { createTestUser } = await import("@/tests/support/users");
  const { startWorker } = await import("@/tests/support/worker");
  const { seedAgentHistory } = await import("@/tests/support/agent-history");
  const { db, configureDatabase } = await import("@/lib/db");
  await configureDatabase();
  const agentsRoute = await import("@/app/api/agents/route");
  const agentRoute = await import("@/app/api/agents/[name]/route");

  const admin = await createTestUser("admin");
  const create = async (name: string) => {
    const res = await call(agentsRoute, "POST", "/api/agents", {
      token: admin.token,
      body: { name, runtime: "command", command: "cat", start: false },
    });
    if (res.status !== 201) throw new Error(`creating ${name} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return db.agent.findUniqueOrThrow({ where: { name }, select: { id: true, ownerId: true } });
  };
  for (let i = 0; i < 20; i++) await create(`bench-neighbour-${i}`);
  await create("bench-other");

  /** Requests back to back until stopped: reads of the agents list and edits of another agent, timed one by one. */
  function load() {
    const read: number[] = [];
    const write: number[] = [];
    let errors = 0;
    let stopped = false;
    let n = 0;
    const loop = async (samples: number[], request: () => Promise<{ status: number }>) => {
      while (!stopped) {
        const t0 = performance.now();
        const res = await request();
        samples.push(performance.now() - t0);
        if (res.status !== 200) errors++;
        // Let timers run between requests, as a server's I/O would (on SQLite a request may never leave the microtask queue).
        await new Promise((r) => setImmediate(r));
      }
    };
    const running = Promise.all([
      loop(read, () => call(agentsRoute, "GET", "/api/agents", { token: admin.token })),
      loop(write, () =>
        call(agentRoute, "PUT", "/api/agents/bench-other", {
          token: admin.token,
          params: { name: "bench-other" },
          body: { description: `edit ${++n}` },
        }),
      ),
    ]);
    return {
      async stop() {
        stopped = true;
        await running;
        return { read: summary(read), write: summary(write), errors };
      },
    };
  }
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const step = (what: string) => console.error(`  ${kind}: ${what}`);

  const worker = await startWorker({ CADRE_WORKER_PARTS: "sockets" });
  try {
    step("seeding");
    const hoarder = await create("bench-hoarder");
    const t0 = performance.now();
    await seedAgentHistory(db, hoarder, { executions: EXECUTIONS, conversations: 200, schedules: 3 });
    const seedMs = performance.now() - t0;

    step("baseline");
    // Warm-up, then the baseline with the worker idle.
    let warm = load();
    await sleep(500);
    await warm.stop();
    const idle = load();
    await sleep(BASELINE_MS);
    const baseline = await idle.stop();

    step("deleting");
    const during = load();
    await sleep(200);
    const d0 = performance.now();
    const res = await call(agentRoute, "DELETE", "/api/agents/bench-hoarder", {
      token: admin.token,
      params: { name: "bench-hoarder" },
    });
    const deleteAnswerMs = performance.now() - d0;
    if (res.status !== 200) throw new Error(`DELETE answered ${res.status}: ${JSON.stringify(res.body)}`);
    while ((await db.agent.count({ where: { id: hoarder.id } })) > 0) await sleep(50);
    const purgeMs = performance.now() - d0;
    const duringFigures = await during.stop();

    step("the one-statement cascade");
    // As before: the agent row deleted with its executions in one statement, in the web process.
    const old = await create("bench-cascade");
    await seedAgentHistory(db, old, { executions: EXECUTIONS, conversations: 200, schedules: 3 });
    warm = load();
    await sleep(300);
    await warm.stop();
    const cascadeLoad = load();
    await sleep(200);
    const c0 = performance.now();
    await db.agent.delete({ where: { id: old.id } });
    const cascadeAnswerMs = performance.now() - c0;
    await sleep(200);
    const cascade = await cascadeLoad.stop();

    return {
      kind,
      executions: EXECUTIONS,
      seedMs,
      deleteAnswerMs,
      purgeMs,
      baseline: { read: baseline.read, write: baseline.write },
      during: duringFigures,
      cascade: { answerMs: cascadeAnswerMs, ...cascade },
    };
  } finally {
    await worker.stop();
    await env.close();
  }
}

/** Runs the benchmark on `kind` in a child process of its own; its progress goes to stderr. */
export function runChild(kind: DatabaseKind, env: Record<string, string> = {}): Promise<AgentDeleteFigures> {
  return new Promise((resolve, reject) => {
    const proc = spawn(
      process.execPath,
      ["--import", "tsx", path.join(import.meta.dirname, "agent-delete.ts"), "--child", kind],
      {
        env: { ...process.env, NODE_ENV: "test", ...env },
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    let out = "";
    proc.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    proc.once("exit", (code) => {
      const line = out.split("\n").find((l) => l.startsWith(FIGURES_LINE));
      if (code === 0 && line) resolve(JSON.parse(line.slice(FIGURES_LINE.length)));
      else reject(new Error(`the ${kind} run exited with ${code}:\n${out.slice(-4000)}`));
    });
  });
}

async function parent(): Promise<void> {
  const kinds = (process.env.BENCH_DATABASES ?? "sqlite,postgres").split(",") as DatabaseKind[];
  const results: AgentDeleteFigures[] = [];
  for (const kind of kinds) {
    console.error(`agent delete benchmark: ${kind}…`);
    results.push(await runChild(kind));
  }
  const ms = (v: number) => (Number.isFinite(v) ? `${v < 10 ? v.toFixed(1) : Math.round(v)} ms` : "n/a");
  const cell = (l: Latencies) => `${ms(l.p50)} / ${ms(l.p99)} / ${ms(l.max)} (n=${l.n})`;
  const width = 42;
  const row = (label: string, values: string[]) =>
    console.log(`${label.padEnd(48)}${values.map((v) => v.padEnd(width)).join("")}`);
  console.log(
    `\nDeleting an agent with ${executionsWanted().toLocaleString("en")} executions (p50 / p99 / max of other requests)`,
  );
  row(
    "",
    results.map((r) => r.kind),
  );
  row(
    "seeding the history (multi-row inserts)",
    results.map((r) => ms(r.seedMs)),
  );
  row(
    `DELETE answer (target ≤ ${ANSWER_TARGET_MS} ms)`,
    results.map((r) => `${ms(r.deleteAnswerMs)} ${r.deleteAnswerMs <= ANSWER_TARGET_MS ? "ok" : "OVER"}`),
  );
  row(
    "rows removed by the worker after",
    results.map((r) => ms(r.purgeMs)),
  );
  row(
    "GET /api/agents, idle",
    results.map((r) => cell(r.baseline.read)),
  );
  row(
    "GET /api/agents, during the removal",
    results.map((r) => cell(r.during.read)),
  );
  row(
    "PUT /api/agents/{other}, idle",
    results.map((r) => cell(r.baseline.write)),
  );
  row(
    "PUT /api/agents/{other}, during the removal",
    results.map((r) => cell(r.during.write)),
  );
  row(
    "requests refused during the removal",
    results.map((r) => String(r.during.errors)),
  );
  console.log("\nBefore: the same agent deleted with one cascading statement, in the web process");
  row(
    "delete answer",
    results.map((r) => ms(r.cascade.answerMs)),
  );
  row(
    "GET /api/agents meanwhile",
    results.map((r) => cell(r.cascade.read)),
  );
  row(
    "PUT /api/agents/{other} meanwhile",
    results.map((r) => cell(r.cascade.write)),
  );
  row(
    "requests refused meanwhile",
    results.map((r) => String(r.cascade.errors)),
  );
}
