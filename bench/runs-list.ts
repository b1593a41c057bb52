// The Runs view's list with 100,000 executions: `npm run bench:runs` (bench/run.ts runs), on SQLite and PostgreSQL.
// Ten agents get 10,000 executions each (multi-row inserts: chat turns, schedule slots, retries, API runs, as an
// agent's history looks), then the first page of GET /api/executions is timed over HTTP (the web's route modules
// behind node:http, bench/lib/harness.ts) and through the lib function, unfiltered and with each kind of filter, for
// an admin and for a user (whose query leaves others' chat turns out). Last, the same first pages without the indexes
// the list added (migration 20261201150000_runs_view_indexes), for comparison.
import { atMostMs, type Figure, info, ms, pct } from "./lib/figures";
import { type BenchUser, createAdmin, startWeb } from "./lib/harness";
import { createAgents, type Scenario, type ScenarioContext, scaled } from "./lib/scenario";

/** The issue's target for the first page of /runs. */
const FIRST_PAGE_TARGET_MS = 200;
const AGENTS = 10;
const WARM_UP = 3;
const SAMPLES = 30;
const RUNS_VIEW_INDEXES = [
  "Execution_createdAt_id_idx",
  "Execution_trigger_createdAt_id_idx",
  "Execution_status_createdAt_id_idx",
];

interface Timing {
  p50: number | null;
  p95: number | null;
}

async function time(task: () => Promise<void>): Promise<Timing> {
  for (let i = 0; i < WARM_UP; i++) await task();
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const t0 = performance.now();
    await task();
    samples.push(performance.now() - t0);
  }
  return { p50: pct(samples, 50), p95: pct(samples, 95) };
}

const shown = (t: Timing) => `p50 ${ms(t.p50)}, p95 ${ms(t.p95)}`;

export const runsList: Scenario = async (ctx: ScenarioContext): Promise<Figure[]> => {
  const total = scaled(ctx, 100_000, 2_000);
  const { db, configureDatabase } = await import("@/lib/db");
  const { createTestUser } = await import("@/tests/support/users");
  const { seedAgentHistory } = await import("@/tests/support/agent-history");
  const { listRuns } = await import("@/lib/executions");
  await configureDatabase();
  const admin = await createAdmin();
  const user = await createTestUser("user");
  // The web is started again after the seeding: its kept-alive connections would not outlive a minute idle.
  const setup = await startWeb();
  const agents = await createAgents(setup, admin, "runs", AGENTS, {
    command: "cat",
    concurrencyLimit: 1,
    start: false,
  });
  await setup.close();
  ctx.progress(`seeding ${total.toLocaleString("en")} executions`);
  const s0 = performance.now();
  for (const agent of agents)
    await seedAgentHistory(db, { id: agent.id, ownerId: admin.id }, { executions: Math.round(total / AGENTS) });
  const seedMs = performance.now() - s0;
  const web = await startWeb();
  try {
    // PostgreSQL's autovacuum analyzes a table this much grew within a minute; the figures are of that state.
    if (ctx.kind === "postgres") await db.$executeRawUnsafe('ANALYZE "Execution"');

    const get = (who: BenchUser | { token: string }, query: string) => async () => {
      const res = await web.request("GET", `/api/executions?${query}`, { token: who.token });
      if (res.status !== 200)
        throw new Error(`GET /api/executions?${query}: ${res.status} ${JSON.stringify(res.body)}`);
    };
    // The fifth page: four cursors followed first.
    let cursor = "";
    for (let i = 0; i < 4; i++) {
      const res = await web.request("GET", `/api/executions?limit=25${cursor ? `&cursor=${cursor}` : ""}`, admin);
      cursor = res.body.nextCursor;
    }
    const cases: [key: string, label: string, task: () => Promise<void>, target: boolean][] = [
      ["runs.first", "GET /api/executions, first page (admin)", get(admin, "limit=25"), true],
      ["runs.user", "   first page (user: others' chats left out)", get(user, "limit=25"), true],
      ["runs.status", "   status=failed,timed_out", get(admin, "limit=25&status=failed,timed_out"), true],
      ["runs.trigger", "   trigger=schedule (user)", get(user, "limit=25&trigger=schedule"), true],
      ["runs.agent", "   agent=runs-3", get(admin, "limit=25&agent=runs-3"), true],
      ["runs.from", "   from/to: one day", get(admin, `limit=25&from=${day(-2)}&to=${day(-1)}`), true],
      ["runs.cursor", "   fifth page by cursor", get(admin, `limit=25&cursor=${cursor}`), true],
      ["runs.q", "   q: text in 10 of the runs (scans the texts)", get(admin, "limit=25&q=task%20777%3A"), false],
    ];
    const figures: Figure[] = [
      info(
        "runs.rows",
        "Runs list: executions in the database",
        `${total.toLocaleString("en")} (seeded in ${ms(seedMs)})`,
      ),
    ];
    for (const [key, label, task, target] of cases) {
      ctx.progress(label.trim());
      const t = await time(task);
      figures.push(
        target
          ? atMostMs(key, label, t.p95, FIRST_PAGE_TARGET_MS, `p95; p50 ${ms(t.p50)}`)
          : info(key, label, shown(t)),
      );
    }
    const who = { userId: admin.id, role: "admin" as const, via: "token" as const, name: "", email: "" };
    const direct = await time(async () => {
      await listRuns({ limit: 25 }, who as never);
    });
    figures.push(info("runs.lib", "   first page through listRuns (no HTTP)", shown(direct)));

    ctx.progress("without the Runs view's indexes");
    for (const name of RUNS_VIEW_INDEXES) await db.$executeRawUnsafe(`DROP INDEX "${name}"`);
    figures.push(
      info(
        "runs.noindex.first",
        "   without its indexes: first page (admin)",
        shown(await time(get(admin, "limit=25"))),
      ),
      info(
        "runs.noindex.status",
        "   without its indexes: status=failed,timed_out",
        shown(await time(get(admin, "limit=25&status=failed,timed_out"))),
      ),
    );
    return figures;
  } finally {
    await web.close();
  }
};

/** The start of the day `offset` days from today (UTC), ISO. */
function day(offset: number): string {
  const d = new Date();
  d.setUTCHours(0, 0, 0, 0);
  d.setUTCDate(d.getUTCDate() + offset);
  return d.toISOString();
}
