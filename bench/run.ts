// `npm run bench`: every benchmark, SQLite and PostgreSQL side by side, each figure next to its target, one table at
// the end. Each scenario runs in a child process per database (`--child <scenario> <kind> <workers>`), on a database
// of its own (PostgreSQL: created on CADRE_TEST_POSTGRES_URL's server, default postgresql://postgres@127.0.0.1:5432/
// postgres, and dropped after), with real worker processes and the web's routes over HTTP (bench/lib/harness.ts).
//
//   node --import tsx bench/run.ts [scenario …]     scenarios: burst many outbox throughput lateness memory live runs delete
//
// Environment: BENCH_SCALE (default 1 = the full sizes; 0.1 for a quick run), BENCH_DATABASES (default
// "sqlite,postgres"), BENCH_LEAD_SECONDS (how long before a burst's slot its workers start), BENCH_LATENESS_SECONDS,
// BENCH_AGENT_EXECUTIONS. A figure that misses its target says MISSED; a scenario that fails says FAILED, and the
// run exits with 1.
import { spawn } from "node:child_process";
import { type AgentDeleteFigures, ANSWER_TARGET_MS, type Latencies, runChild as runAgentDelete } from "./agent-delete";
import {
  atMostMs,
  type Column,
  check,
  type Figure,
  info,
  ms,
  parseFigures,
  printFigures,
  type Row,
  table,
} from "./lib/figures";
import type { DatabaseKind } from "./lib/harness";
import type { Scenario, ScenarioContext } from "./lib/scenario";

interface Plan {
  scenario: string;
  what: string;
  runs: { kind: DatabaseKind; workers: number }[];
}

const PLANS: Plan[] = [
  {
    scenario: "burst",
    what: "1,000 schedules due in one second",
    runs: [
      { kind: "sqlite", workers: 1 },
      { kind: "postgres", workers: 3 },
    ],
  },
  {
    scenario: "many",
    what: "10,000 schedules due in one second",
    runs: [
      { kind: "sqlite", workers: 1 },
      { kind: "postgres", workers: 3 },
    ],
  },
  {
    scenario: "outbox",
    what: "events through the outbox",
    runs: [
      { kind: "sqlite", workers: 1 },
      { kind: "postgres", workers: 3 },
    ],
  },
  {
    scenario: "throughput",
    what: "end-to-end throughput",
    runs: [
      { kind: "sqlite", workers: 1 },
      { kind: "postgres", workers: 1 },
      { kind: "postgres", workers: 3 },
    ],
  },
  {
    scenario: "lateness",
    what: "fire lateness",
    runs: [
      { kind: "sqlite", workers: 1 },
      { kind: "postgres", workers: 1 },
    ],
  },
  {
    scenario: "memory",
    what: "worker memory",
    runs: [
      { kind: "sqlite", workers: 1 },
      { kind: "postgres", workers: 1 },
    ],
  },
  {
    scenario: "live",
    what: "live output of 20 agents streaming at once",
    runs: [
      { kind: "sqlite", workers: 1 },
      { kind: "postgres", workers: 1 },
    ],
  },
  {
    scenario: "runs",
    what: "the Runs list with 100,000 executions",
    runs: [
      { kind: "sqlite", workers: 0 },
      { kind: "postgres", workers: 0 },
    ],
  },
  {
    scenario: "delete",
    what: "deleting an agent with a long history",
    runs: [
      { kind: "sqlite", workers: 1 },
      { kind: "postgres", workers: 1 },
    ],
  },
];

const SCENARIOS: Record<string, () => Promise<Scenario>> = {
  burst: async () => (await import("./scheduler")).burst,
  many: async () => (await import("./scheduler")).many,
  lateness: async () => (await import("./scheduler")).lateness,
  memory: async () => (await import("./scheduler")).memory,
  outbox: async () => (await import("./outbox")).outbox,
  throughput: async () => (await import("./throughput")).throughput,
  live: async () => (await import("./live-output")).liveOutput,
  runs: async () => (await import("./runs-list")).runsList,
};

const TITLES: Record<DatabaseKind, string> = { sqlite: "SQLite", postgres: "PostgreSQL" };

function scale(): number {
  const s = Number(process.env.BENCH_SCALE ?? 1);
  if (!Number.isFinite(s) || s <= 0)
    throw new Error(`BENCH_SCALE must be a number > 0, not ${process.env.BENCH_SCALE}`);
  return s;
}

async function child(scenario: string, kind: DatabaseKind, workers: number): Promise<void> {
  const { openDatabase } = await import("./lib/harness");
  const env = await openDatabase(`${scenario}_${workers}`, kind);
  const ctx: ScenarioContext = {
    env,
    kind,
    workers,
    scale: scale(),
    progress: (message) => process.stderr.write(`    ${scenario}/${kind}: ${message}\n`),
  };
  let code = 0;
  try {
    const run = await SCENARIOS[scenario]();
    printFigures(await run(ctx));
  } catch (err) {
    process.stderr.write(
      `    ${scenario}/${kind} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    code = 1;
  } finally {
    await env
      .close()
      .catch((err: unknown) => process.stderr.write(`    ${scenario}/${kind}: cleaning up failed: ${String(err)}\n`));
  }
  process.exit(code);
}

function runScenarioChild(scenario: string, kind: DatabaseKind, workers: number): Promise<Figure[]> {
  return new Promise((resolve, reject) => {
    const proc = spawn(
      process.execPath,
      ["--import", "tsx", import.meta.filename, "--child", scenario, kind, String(workers)],
      {
        env: { ...process.env, NODE_ENV: "test" },
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    let out = "";
    // The web's routes log to stdout as well: only the figures line (and the tail, for a failure) is kept.
    proc.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.length > 2_000_000) out = out.slice(-1_000_000);
    });
    proc.once("exit", (code) => {
      const figures = parseFigures(out);
      if (code === 0 && figures) resolve(figures);
      else reject(new Error(`exited with ${code}`));
    });
  });
}

const latencies = (l: Latencies) => `p99 ${ms(l.p99)}, max ${ms(l.max)}`;

/** Item 7 as rows of the table, from bench/agent-delete.ts's figures. */
function agentDeleteFigures(f: AgentDeleteFigures): Figure[] {
  const worst = Math.max(f.during.read.max, f.during.write.max);
  const n = f.executions.toLocaleString("en");
  return [
    atMostMs(
      "7.answer",
      `7. DELETE /api/agents/{name}, agent with ${n} executions: answer`,
      f.deleteAnswerMs,
      ANSWER_TARGET_MS,
      `the worker removed the rows in ${ms(f.purgeMs)}`,
    ),
    check(
      "7.others",
      "   other requests meanwhile (GET /api/agents, PUT another agent): slowest, refused",
      `${ms(worst)}, ${f.during.errors} refused (reads ${latencies(f.during.read)}; writes ${latencies(f.during.write)}; idle max ${ms(Math.max(f.baseline.read.max, f.baseline.write.max))})`,
      "not blocked: ≤ 1000 ms, none refused",
      worst <= 1000 && f.during.errors === 0,
    ),
    info(
      "7.cascade",
      "   before: the same delete as one cascading statement",
      `answer ${ms(f.cascade.answerMs)}; others meanwhile max ${ms(Math.max(f.cascade.read.max, f.cascade.write.max))}, ${f.cascade.errors} refused`,
    ),
  ];
}

async function parent(only: string[]): Promise<void> {
  const kinds = (process.env.BENCH_DATABASES ?? "sqlite,postgres").split(",").map((k) => k.trim()) as DatabaseKind[];
  for (const k of kinds)
    if (k !== "sqlite" && k !== "postgres") throw new Error(`BENCH_DATABASES: unknown database ${k}`);
  for (const s of only)
    if (!PLANS.some((p) => p.scenario === s))
      throw new Error(`unknown scenario ${s}; known: ${PLANS.map((p) => p.scenario).join(", ")}`);
  const s = scale();
  const columns = new Map<DatabaseKind, Column>(
    kinds.map((k) => [k, { title: TITLES[k], figures: [], failed: new Set<string>() }]),
  );
  const rows: Row[] = [];
  const started = Date.now();
  let failures = 0;
  process.stderr.write(
    `Cadre benchmarks, scale ${s} (node ${process.version}); databases: ${kinds.map((k) => TITLES[k]).join(", ")}\n`,
  );
  for (const plan of PLANS) {
    if (only.length > 0 && !only.includes(plan.scenario)) continue;
    for (const run of plan.runs) {
      if (!kinds.includes(run.kind)) continue;
      const column = columns.get(run.kind)!;
      const t0 = Date.now();
      process.stderr.write(
        `  ${plan.what} — ${TITLES[run.kind]}${plan.scenario === "delete" || run.workers === 0 ? "" : `, ${run.workers} worker${run.workers === 1 ? "" : "s"}`}…\n`,
      );
      try {
        const figures =
          plan.scenario === "delete"
            ? agentDeleteFigures(
                await runAgentDelete(run.kind, {
                  BENCH_AGENT_EXECUTIONS:
                    process.env.BENCH_AGENT_EXECUTIONS ?? String(Math.max(1000, Math.round(50_000 * s))),
                }),
              )
            : await runScenarioChild(plan.scenario, run.kind, run.workers);
        column.figures.push(...figures);
        for (const f of figures)
          if (!rows.some((r) => r.key === f.key))
            rows.push({ key: f.key, label: f.label, target: f.target, scenario: plan.scenario });
        for (const f of figures)
          process.stderr.write(`    ${f.label.trim()}: ${f.value}${f.ok === null ? "" : f.ok ? "  ok" : "  MISSED"}\n`);
      } catch (err) {
        failures += 1;
        column.failed.add(plan.scenario);
        if (!rows.some((r) => r.scenario === plan.scenario))
          rows.push({ key: `${plan.scenario}.failed`, label: `${plan.what}`, target: "", scenario: plan.scenario });
        process.stderr.write(`    FAILED: ${err instanceof Error ? err.message : String(err)}\n`);
      }
      process.stderr.write(`    (${Math.round((Date.now() - t0) / 1000)} s)\n`);
    }
  }
  console.log(
    `\nCadre benchmarks (${new Date().toISOString()}, node ${process.version}, scale ${s}, ${Math.round((Date.now() - started) / 1000)} s)`,
  );
  console.log(table([...columns.values()], rows));
  if (failures > 0) console.log(`\n${failures} run${failures === 1 ? "" : "s"} FAILED (see above)`);
  process.exit(failures > 0 ? 1 : 0);
}

const childIndex = process.argv.indexOf("--child");
if (childIndex >= 0) {
  const [scenario, kind, workers] = process.argv.slice(childIndex + 1);
  await child(scenario, kind as DatabaseKind, Number(workers));
} else {
  await parent(process.argv.slice(2).filter((a) => !a.startsWith("-")));
}
