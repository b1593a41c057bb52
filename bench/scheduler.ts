// Scheduler benchmarks (run by bench/run.ts, one child process per database; `npm run bench:scheduler` runs these):
// - burst: 1,000 schedules due in the same second → the slot's rows claimed by the schedulers and handed to the web's
//   execute-task, and each run started by a runner (startedAt); beside it the database's raw multi-row insert rate;
// - many: 10,000 schedules due in the same second, agents stopped (each slot is recorded `skipped`, so runs cost
//   nothing): every slot claimed exactly once, and how late the last claim is;
// - lateness: a worker with 1,000 armed schedules (each fires once a minute, ~17 a second, runs of `true`): the
//   scheduler's fire lateness against a bare timer aligned to the second in the same process;
// - memory: a worker's RSS with 10,000 schedules armed, sampled from its start through arming and a resync that
//   re-reads every one of them.
// The schedules are rows written straight into the database before the workers start (as if they were created over
// days); everything else is the real thing: worker processes, the web's execute-task route over HTTP, the runners.
import { atMostMs, check, count, type Figure, info, mb, ms, pct, rate } from "./lib/figures";
import {
  createAdmin,
  registryStats,
  sleep,
  startWeb,
  stopAndReport,
  type Workers,
  waitFor,
  workerTrouble,
} from "./lib/harness";
import { rssOf, spawnProbeWorker } from "./lib/probe-worker";
import { createAgents, cronAt, envNumber, type ScenarioContext, scaled, seedSchedules } from "./lib/scenario";
import { type ArmedSlot, workersBeforeSlot } from "./lib/slot-start";

const workersLabel = "SQLite 1 worker, PostgreSQL 3";

/** How long before the slot the workers are started: they must have started and armed by then. */
function leadMs(fallbackSeconds: number): number {
  return envNumber("BENCH_LEAD_SECONDS", fallbackSeconds) * 1000;
}

/** How the workers came up before the slot (a late start shows: the slot was then fired as the workers started). */
function started(a: ArmedSlot): string {
  const spare = a.slot.getTime() - (a.startedAt + a.startMs);
  return `workers up in ${(a.startMs / 1000).toFixed(1)} s${a.tries > 1 ? ` (try ${a.tries})` : ""}${spare < 0 ? `, ${-spare} ms after the slot` : ""}`;
}

function perWorker(
  stats: { name: string; stats: Record<string, any> }[],
  pick: (s: Record<string, any>) => string,
): string {
  return stats.map((w) => `${w.name}: ${pick(w.stats)}`).join("; ");
}

/**
 * The reference for a burst of claims: `n` execution rows written with plain multi-row INSERTs (1,000 rows a statement,
 * as a claim writes them) through the process's client; timed, then removed.
 */
async function rawInsert(agentId: string, n: number): Promise<number> {
  const { db } = await import("@/lib/db");
  const { Prisma } = await import("@/lib/db/client-types");
  const now = new Date();
  const tag = Math.random().toString(36).slice(2, 10);
  const values = Array.from(
    { length: n },
    (_, i) =>
      Prisma.sql`(${`bench${tag}${i}`}, ${agentId}, ${"schedule"}, ${"skipped"}, ${"tick"}, ${`bench-insert-${tag}-${i}`}, ${now}, ${now})`,
  );
  const t0 = performance.now();
  for (let k = 0; k < n; k += 1000) {
    await db.$executeRaw`INSERT INTO "Execution" ("id", "agentId", "trigger", "status", "message", "idempotencyKey", "createdAt", "finishedAt")
      VALUES ${Prisma.join(values.slice(k, k + 1000))}`;
  }
  const took = performance.now() - t0;
  await db.execution.deleteMany({ where: { idempotencyKey: { startsWith: `bench-insert-${tag}-` } } });
  return took;
}

export async function burst(ctx: ScenarioContext): Promise<Figure[]> {
  const { db } = await import("@/lib/db");
  const n = scaled(ctx, 1000, 20);
  const web = await startWeb();
  try {
    const admin = await createAdmin();
    // Enough places that every run may start at once: agents of 32 (the highest limit), runners taking up to n.
    const agents = await createAgents(web, admin, "burst", Math.ceil(n / 32), {
      command: "true",
      concurrencyLimit: 32,
    });
    await rawInsert(agents[0].id, Math.min(n, 100)); // warm-up
    const insertMs = await rawInsert(agents[0].id, n);

    const armed = await workersBeforeSlot(
      ctx,
      web,
      agents,
      leadMs(ctx.workers > 1 ? 25 : 15),
      (at) => seedSchedules(agents, n, () => ({ cron: cronAt(at) })),
      {
        CADRE_RUNNER_MAX_RUNS: String(Math.min(1000, n)),
      },
    );
    const { slot, workers } = armed;
    let rows: { createdAt: Date; startedAt: Date | null }[] = [];
    let ended = new Map<string, number>();
    try {
      const ids = agents.map((a) => a.id);
      await waitFor(
        "every run of the slot to start",
        async () =>
          (await db.execution.count({
            where: { agentId: { in: ids }, scheduledFor: slot, startedAt: { not: null } },
          })) >= n || Date.now() > slot.getTime() + 60_000,
        slot.getTime() + 90_000 - Date.now(),
        100,
      );
      rows = await db.execution.findMany({
        where: { agentId: { in: ids }, scheduledFor: slot },
        select: { createdAt: true, startedAt: true },
      });
      // Let the runs end before the workers stop (a stop would record the rest interrupted).
      // (A run whose result could not be written is interrupted once its lease runs out: 30 s by default.)
      await waitFor(
        "the runs to finish",
        async () => (await db.execution.count({ where: { agentId: { in: ids }, finishedAt: null } })) === 0,
        90_000,
        200,
      ).catch(() => null);
      const statuses = await db.execution.groupBy({
        by: ["status"],
        where: { agentId: { in: ids }, scheduledFor: slot },
        _count: { _all: true },
      });
      ended = new Map(statuses.map((g) => [g.status, g._count._all]));
    } finally {
      await stopAndReport(workers, ctx.progress);
    }
    const at = slot.getTime();
    const claimed = rows.map((r) => r.createdAt.getTime() - at);
    const startedAt = rows.filter((r) => r.startedAt).map((r) => r.startedAt!.getTime() - at);
    const lastStarted = startedAt.length === n ? Math.max(...startedAt) : null;
    const stats = await registryStats();
    return [
      atMostMs(
        "1.started",
        `1. ${count(n)} schedules due in one second: slot → last run started by a runner (${workersLabel})`,
        lastStarted,
        2000,
        `p50 ${ms(pct(startedAt, 50))}, ${startedAt.length}/${n} started; ${started(armed)}`,
      ),
      check(
        "1.ended",
        "   … how the runs ended",
        [...ended].map(([status, k]) => `${k} ${status}`).join(", ") || "none",
        "every run succeeded",
        ended.get("succeeded") === n,
      ),
      info(
        "1.claimed",
        "   … slot → last slot row claimed (queued)",
        `${ms(claimed.length === n ? Math.max(...claimed) : null)} (p50 ${ms(pct(claimed, 50))}, ${claimed.length} rows)`,
      ),
      info(
        "1.workers",
        "   … per worker: slots claimed (won/lost), runs claimed",
        perWorker(
          stats,
          (s) => `${s.scheduler?.claims?.won ?? 0}/${s.scheduler?.claims?.lost ?? 0}, ${s.runner?.claimed ?? 0}`,
        ),
      ),
      info(
        "1.insert",
        `   reference: raw multi-row INSERT of ${count(n)} execution rows (1,000 a statement), same database`,
        `${ms(insertMs)} (${rate(n / (insertMs / 1000), "rows")})`,
        "reference",
      ),
    ];
  } finally {
    await web.close();
  }
}

export async function many(ctx: ScenarioContext): Promise<Figure[]> {
  const { db } = await import("@/lib/db");
  const n = scaled(ctx, 10_000, 200);
  const web = await startWeb();
  try {
    const admin = await createAdmin();
    const agents = await createAgents(web, admin, "many", Math.ceil(n / 1000), {
      command: "true",
      concurrencyLimit: 32,
      start: false,
    });
    const armed = await workersBeforeSlot(ctx, web, agents, leadMs(ctx.workers > 1 ? 35 : 25), (at) =>
      seedSchedules(agents, n, () => ({ cron: cronAt(at) })),
    );
    const { slot, workers } = armed;
    let rows: { scheduleId: string | null; createdAt: Date }[] = [];
    let visibleAt = 0;
    try {
      await waitFor(
        "every slot to be claimed",
        async () =>
          (await db.execution.count({ where: { scheduledFor: slot } })) >= n || Date.now() > slot.getTime() + 120_000,
        slot.getTime() + 150_000 - Date.now(),
        100,
      );
      visibleAt = Date.now();
      // A claim lost to another worker would show as a second row here; give stragglers a moment.
      await sleep(1_000);
      rows = await db.execution.findMany({
        where: { scheduledFor: slot },
        select: { scheduleId: true, createdAt: true },
      });
    } finally {
      await stopAndReport(workers, ctx.progress);
    }
    const perSchedule = new Map<string, number>();
    for (const r of rows) perSchedule.set(r.scheduleId ?? "", (perSchedule.get(r.scheduleId ?? "") ?? 0) + 1);
    const doubled = [...perSchedule.values()].filter((k) => k > 1).length;
    const missing = n - perSchedule.size;
    const at = slot.getTime();
    const claims = rows.map((r) => r.createdAt.getTime() - at);
    const last = missing === 0 && claims.length > 0 ? Math.max(...claims) : null;
    const stats = await registryStats();
    return [
      check(
        "2.once",
        `2. ${count(n)} schedules due in one second, agents stopped (slots recorded skipped): every slot claimed once`,
        `${count(rows.length)} rows, ${doubled} doubled, ${missing} missing`,
        "each exactly once",
        doubled === 0 && missing === 0,
      ),
      atMostMs(
        "2.last",
        `   … slot → last claim, the rows' createdAt (${workersLabel})`,
        last,
        5000,
        `p50 ${ms(pct(claims, 50))}; all seen committed by +${ms(visibleAt - at)}; ${started(armed)}`,
      ),
      info(
        "2.workers",
        "   … per worker: slots recorded / lost to another worker",
        perWorker(
          stats,
          (s) =>
            `${(s.scheduler?.claims?.won ?? 0) + (s.scheduler?.skips ?? 0) + (s.scheduler?.misses ?? 0)}/${s.scheduler?.claims?.lost ?? 0}`,
        ),
      ),
    ];
  } finally {
    await web.close();
  }
}

export async function lateness(ctx: ScenarioContext): Promise<Figure[]> {
  const n = scaled(ctx, 1000, 60);
  // The scheduler keeps a minute of samples: the window (after a warm-up) must fit in it.
  const windowMs = Math.min(50, envNumber("BENCH_LATENESS_SECONDS", Math.max(15, Math.round(50 * ctx.scale)))) * 1000;
  const web = await startWeb();
  try {
    const admin = await createAdmin();
    const agents = await createAgents(web, admin, "late", Math.ceil(n / 250), { command: "true", concurrencyLimit: 8 });
    // Each fires once a minute at its own second: ~n/60 fires a second, every second. Slots missed while no worker ran
    // (before the start) are recorded missed, not caught up, so the start is quiet.
    await seedSchedules(agents, n, (i) => ({ cron: `${i % 60} * * * * *`, catchUpPolicy: "none" }));
    ctx.progress(`${n} schedules armed; measuring ${windowMs / 1000} s`);
    const probe = await spawnProbeWorker({ CADRE_WEB_URL: web.url });
    try {
      await sleep(5_000);
      const before = await probe.ask("lateness");
      const from = Date.now();
      await sleep(windowMs);
      const all = await probe.ask("lateness");
      const to = Date.now();
      const timer = (await probe.ask("timer")).filter((t) => t.at >= from && t.at <= to).map((t) => t.late);
      const stats = await probe.ask("stats");
      // Every sample since the start is still in the scheduler's minute, oldest first: the window's are those after.
      const fires = all.length >= before.length ? all.slice(before.length) : all;
      const p99 = pct(fires, 99);
      const t99 = pct(timer, 99);
      return [
        check(
          "5.p99",
          `5. fire lateness p99, ${count(n)} armed schedules firing ~${Math.round(n / 60)}/s (1 worker; reference: bare timer, same process)`,
          `${ms(p99)} (timer ${ms(t99)}; p50 ${ms(pct(fires, 50))} / timer ${ms(pct(timer, 50))}; ${fires.length} fires, ${timer.length} ticks; armed ${stats.armed})`,
          "≤ timer p99 + 50 ms",
          p99 !== null && t99 !== null && p99 <= t99 + 50,
        ),
      ];
    } finally {
      await probe.stop();
      for (const line of workerTrouble(probe.output())) ctx.progress(`worker ${line}`);
    }
  } finally {
    await web.close();
  }
}

const CRONS = [
  "* * * * *",
  "*/5 * * * *",
  "0 * * * *",
  "30 9 * * 1-5",
  "0 6 1 * *",
  "15 */2 * * *",
  "0 0 * * 0",
  "*/10 * * * * *",
];
const ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Tokyo"];

export async function memory(ctx: ScenarioContext): Promise<Figure[]> {
  const { db } = await import("@/lib/db");
  const n = scaled(ctx, 10_000, 500);
  const web = await startWeb();
  try {
    const admin = await createAdmin();
    // Stopped: what fires is recorded skipped, so the figure is the scheduler's, not the runs'.
    const agents = await createAgents(web, admin, "mem", Math.ceil(n / 1000), {
      command: "true",
      concurrencyLimit: 1,
      start: false,
    });
    await seedSchedules(agents, n, (i) => ({
      cron: i % 3 === 0 ? CRONS[i % CRONS.length] : `${i % 60} ${Math.floor(i / 60) % 24} * * *`,
      timezone: ZONES[i % ZONES.length],
    }));
    const samples: { at: number; phase: string; rss: number }[] = [];
    let phase = "start";
    let pid = 0;
    const sampler = setInterval(() => {
      const rss = pid ? rssOf(pid) : null;
      if (rss !== null) samples.push({ at: Date.now(), phase, rss });
    }, 50);
    const t0 = performance.now();
    const probe = await spawnProbeWorker({ CADRE_WEB_URL: web.url }, { onSpawn: (p) => (pid = p) });
    const startMs = performance.now() - t0;
    try {
      const armed = Number((await probe.ask("stats")).armed);
      phase = "armed";
      await sleep(3_000);
      const beforeResync = await probe.ask("memory");
      // Every schedule changed behind the workers' backs (no event): the resync re-reads them all, a page at a time.
      await db.schedule.updateMany({ data: { version: { increment: 1 } } });
      phase = "resync";
      const resync = await probe.ask("resync");
      phase = "after";
      await sleep(2_000);
      const mem = await probe.ask("memory");
      clearInterval(sampler);
      const peak = (p?: string) => Math.max(0, ...samples.filter((s) => !p || s.phase === p).map((s) => s.rss));
      const top = Math.max(peak(), mem.rss);
      return [
        check(
          "6.rss",
          `6. worker RSS with ${count(n)} schedules armed: peak through start, arming and a resync (1 worker)`,
          `${mb(top)} (armed ${count(armed)}: ${mb(peak("armed"))}, heap ${mb(beforeResync.heapUsed)}; resync of ${count(resync.stale)} in ${ms(resync.ms)}: peak ${mb(peak("resync"))}, heap after ${mb(mem.heapUsed)})`,
          "≤ 300 MB",
          top <= 300 * 1024 * 1024 && armed === n,
        ),
        info("6.start", "   … worker start with every part, arming included", `${ms(startMs)}`),
      ];
    } finally {
      clearInterval(sampler);
      await probe.stop();
      for (const line of workerTrouble(probe.output())) ctx.progress(`worker ${line}`);
    }
  } finally {
    await web.close();
  }
}
