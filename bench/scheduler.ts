// Scheduler benchmark: `npm run bench` (node --import tsx bench/scheduler.ts). One run against real parts: a migrated
// SQLite file in a temp dir, the web's execute-task route behind a real HTTP server (runs execute in this process,
// as in `next start`), the worker process as the socket hub the web publishes to, and the worker's scheduler
// (createScheduler) in a process of its own, fed every event the hub delivers, as in the worker. Prints each figure
// next to its target. `--scheduler-child` is that scheduler process (driven over IPC); `--arm-child` is the
// 10,000-schedule arm run, alone in its process so its memory is the scheduler's.
import { spawn, type ChildProcess } from "node:child_process";
import { io } from "socket.io-client";
import { startStack } from "../tests/support/stack";

const quietLog = { info: () => undefined, warn: () => undefined, error: (m: string, e?: unknown) => console.error(`[scheduler] ${m}`, e ?? "") };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function pct(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
const fmt = (v: number | null, unit = "ms") => (v === null ? "n/a" : `${Math.round(v * 10) / 10} ${unit}`);

if (process.argv.includes("--arm-child")) {
  await armChild();
  process.exit(0);
}
if (process.argv.includes("--scheduler-child")) await schedulerChild();

/** Child: the scheduler, its events from the hub's agent room, answering the benchmark's requests over IPC. */
async function schedulerChild(): Promise<void> {
  const { db, configureDatabase, useDatabase } = await import("../lib/db");
  useDatabase({ url: process.env.DATABASE_URL! });
  const { createScheduler } = await import("../worker/scheduler");
  // As the worker's database part does at start.
  await configureDatabase();
  const scheduler = createScheduler({ db, webUrl: process.env.BENCH_WEB_URL!, secret: process.env.CADRE_INTERNAL_SECRET!, log: quietLog });
  const socket = io(process.env.BENCH_WORKER_URL!, { auth: { token: process.env.BENCH_TOKEN }, transports: ["websocket"], forceNew: true });
  socket.onAny((name: string, payload: unknown) => scheduler.onEvent({ name, payload, rooms: [] } as never));
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  for (const agentName of process.env.BENCH_AGENTS!.split(",")) await socket.timeout(5_000).emitWithAck("subscribe", { agent: agentName });
  const baseline: number[] = [];
  const ops: Record<string, (arg?: string) => unknown> = {
    start: () => scheduler.start(),
    /** bare timers in this process, aimed at the given second boundaries: "first,seconds,perSecond" */
    baseline: (arg) => {
      const [first, seconds, perSecond] = arg!.split(",").map(Number);
      for (let s = 0; s < seconds; s++) {
        const at = first + s * 1000;
        for (let i = 0; i < perSecond; i++) setTimeout(() => baseline.push(Date.now() - at), at - Date.now());
      }
    },
    baselineSamples: () => baseline,
    samples: () => ({ fireLateness: scheduler.lateness(), dispatch: [], completionNotice: [], changeApply: [] }),
    stats: () => scheduler.stats(),
    armed: (id) => scheduler.armed(id!),
    resync: () => scheduler.resync(),
    stop: async () => {
      await scheduler.stop();
      socket.disconnect();
      await db.$disconnect();
      setTimeout(() => process.exit(0), 50);
    },
  };
  process.on("message", async (msg: { seq: number; op: string; arg?: string }) => {
    try {
      process.send!({ seq: msg.seq, result: (await ops[msg.op](msg.arg)) ?? null });
    } catch (err) {
      process.send!({ seq: msg.seq, error: String(err) });
    }
  });
  process.send!({ seq: 0, result: "ready" });
  await new Promise(() => undefined);
}

/** Child: loads and arms every enabled schedule as the worker does at start, then reports time and memory. */
async function armChild(): Promise<void> {
  const { db, configureDatabase, useDatabase } = await import("../lib/db");
  useDatabase({ url: process.env.DATABASE_URL! });
  const { createScheduler } = await import("../worker/scheduler");
  // As the worker's database part does at start.
  await configureDatabase();
  await db.$queryRawUnsafe("SELECT 1");
  global.gc?.();
  const before = process.memoryUsage();
  const scheduler = createScheduler({ db, webUrl: process.env.BENCH_WEB_URL!, secret: process.env.CADRE_INTERNAL_SECRET!, log: quietLog });
  const t0 = performance.now();
  await scheduler.start();
  const totalMs = performance.now() - t0;
  global.gc?.();
  const after = process.memoryUsage();
  const s = scheduler.stats();
  process.stdout.write(
    JSON.stringify({ armed: s.armed, armMs: totalMs, totalMs, rss: after.rss, heap: after.heapUsed, rssBefore: before.rss, heapBefore: before.heapUsed }) + "\n",
  );
  await scheduler.stop();
  await db.$disconnect();
}

const rows: [string, string, string, string][] = [];
const row = (figure: string, value: string, reference: string, target: string, ok: boolean | null) =>
  rows.push([figure, value, reference, `${target}${ok === null ? "" : ok ? "  ok" : "  MISSED"}`]);

// ---------------------------------------------------------------- setup
// The worker process runs with its own scheduler off: the one measured runs here, fed by the same hub.
const stack = await startStack("bench", { CADRE_SCHEDULER: "off" });
const { db, configureDatabase, useDatabase } = await import("../lib/db");
useDatabase({ url: process.env.DATABASE_URL! });
// As the web server does at boot (lib/server/boot.ts).
await configureDatabase();
const { createTestUser } = await import("../tests/support/users");
const { call } = await import("../tests/support/http");
const agentsRoute = await import("../app/api/agents/route");
const schedules = await import("../lib/schedules/schedules");
const { ScheduleCreateInput, ScheduleUpdateInput } = await import("../lib/schedules/schemas");
const { mintRealtimeToken } = await import("../lib/realtime/token");

const admin = await createTestUser("admin");
const who = { userId: admin.id, email: admin.email, name: "admin", role: "admin" as const, via: "token" as const };

async function createAgent(name: string, extra: Record<string, unknown> = {}) {
  const res = await call(agentsRoute, "POST", "/api/agents", {
    token: admin.token,
    body: { name, runtime: "command", command: "true", concurrencyLimit: 32, ...extra },
  });
  if (res.status !== 201) throw new Error(`agent ${name}: ${JSON.stringify(res.body)}`);
  return res.body.agent as { id: string; name: string };
}
const agent = await createAgent("bench");
const burstAgent = await createAgent("bench-burst");

// Every event the web publishes to the agents' rooms reaches the scheduler, as hub.onPublished delivers it in the worker.
const { token } = await mintRealtimeToken({ userId: admin.id, role: "admin" }, stack.env.internalSecret);
const schedulerProc: ChildProcess = spawn(process.execPath, ["--import", "tsx", import.meta.filename, "--scheduler-child"], {
  env: { ...process.env, BENCH_WEB_URL: stack.webUrl, BENCH_WORKER_URL: stack.workerUrl, BENCH_TOKEN: token, BENCH_AGENTS: `${agent.name},${burstAgent.name}` },
  stdio: ["ignore", "inherit", "inherit", "ipc"],
});
const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
let seq = 0;
const ready = new Promise<void>((resolve) => pending.set(0, { resolve: () => resolve(), reject: () => undefined }));
schedulerProc.on("message", (msg: { seq: number; result?: unknown; error?: string }) => {
  const p = pending.get(msg.seq);
  pending.delete(msg.seq);
  if (msg.error) p?.reject(new Error(msg.error));
  else p?.resolve(msg.result);
});
function rpc<T>(op: string, arg?: string): Promise<T> {
  const id = ++seq;
  return new Promise<T>((resolve, reject) => {
    pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
    schedulerProc.send({ seq: id, op, arg });
  });
}
type Samples = { fireLateness: number[]; dispatch: number[]; completionNotice: number[]; changeApply: number[] };
const scheduler = {
  start: () => rpc<void>("start"),
  samples: () => rpc<Samples>("samples"),
  waiting: async () => (await rpc<{ waiting: number }>("stats")).waiting,
  armed: (id: string) => rpc<{ cron: string } | null>("armed", id),
  resync: () => rpc<number>("resync"),
  stop: () => rpc<void>("stop"),
};
await ready;

async function createSchedule(data: Record<string, unknown> & { cron: string }) {
  const input = ScheduleCreateInput.parse({ name: `s-${Math.random().toString(36).slice(2, 10)}`, message: "tick", overlapPolicy: "allow", ...data });
  return schedules.createSchedule(agent.name, input, who);
}

// ---------------------------------------------------------------- 1. fire lateness vs a bare timer
const LATENESS_SCHEDULES = 30;
const LATENESS_SECONDS = 10;
const every = [];
for (let i = 0; i < LATENESS_SCHEDULES; i++) every.push(await createSchedule({ cron: "* * * * * *" }));
await scheduler.start();

// The bare timers run in the scheduler's process, beside its node-cron jobs, at the same second boundaries.
// Both are measured over the same seconds: fires before the first boundary (the scheduler's first seconds) and after
// the last one are left out, by counting the samples half a second before each end of the window.
const firstBoundary = Math.ceil(Date.now() / 1000) * 1000 + 1000;
await rpc("baseline", `${firstBoundary},${LATENESS_SECONDS},${LATENESS_SCHEDULES}`);
await sleep(firstBoundary - 500 - Date.now());
const latenessFrom = (await scheduler.samples()).fireLateness.length;
await sleep(firstBoundary + (LATENESS_SECONDS - 1) * 1000 + 500 - Date.now());
const latenessTo = (await scheduler.samples()).fireLateness.length;
await sleep(firstBoundary + LATENESS_SECONDS * 1000 - Date.now() + 200);
const baseline = await rpc<number[]>("baselineSamples");
for (const s of every) await schedules.setScheduleEnabled(agent.name, s.id, false, who);
await sleep(500);
const lateness = (await scheduler.samples()).fireLateness.slice(latenessFrom, latenessTo);
const lateP99 = pct(lateness, 99);
const baseP99 = pct(baseline, 99);
row("fire lateness p50", fmt(pct(lateness, 50)), `timer ${fmt(pct(baseline, 50))}`, "", null);
row("fire lateness p99", fmt(lateP99), `timer ${fmt(baseP99)}`, "≤ timer + 50 ms", lateP99 !== null && baseP99 !== null && lateP99 <= baseP99 + 50);
row("fires measured", `${lateness.length}`, `timer ${baseline.length}`, `${LATENESS_SCHEDULES} schedules × ${LATENESS_SECONDS} s`, null);

// Completion notices of these steady runs (finishedAt → the scheduler read the execution_finished event).
await waitUntil(async () => (await scheduler.waiting()) === 0, 30_000);
const steadyNotices = (await scheduler.samples()).completionNotice;
const noticeP95 = pct(steadyNotices, 95);

// ---------------------------------------------------------------- 2. schedule-change propagation
const changed = await createSchedule({ cron: "0 0 * * *" });
await waitUntil(async () => (await scheduler.armed(changed.id)) !== null, 5_000);
const propagation: number[] = [];
for (let i = 1; i <= 20; i++) {
  const t0 = performance.now();
  await schedules.updateSchedule(agent.name, changed.id, ScheduleUpdateInput.parse({ cron: `${i} 0 * * *` }), who);
  await waitUntil(async () => (await scheduler.armed(changed.id))?.cron === `${i} 0 * * *`, 5_000, 1);
  propagation.push(performance.now() - t0);
}
const propP99 = pct(propagation, 100);
row("change live (publish → re-armed) p50", fmt(pct(propagation, 50)), `event→applied p50 ${fmt(pct((await scheduler.samples()).changeApply, 50))}`, "", null);
row("change live (publish → re-armed) max", fmt(propP99), "", "≤ 1000 ms", propP99 !== null && propP99 <= 1000);

// ---------------------------------------------------------------- 3. 1,000 schedules due in the same second
const insertT0 = performance.now();
for (let i = 0; i < 1000; i++) {
  await db.execution.create({
    data: { agentId: agent.id, trigger: "schedule", status: "skipped", message: "tick", model: "sonnet", idempotencyKey: `bench-insert-${i}`, finishedAt: new Date() },
  });
}
const insertMs = performance.now() - insertT0;
await db.execution.deleteMany({ where: { idempotencyKey: { startsWith: "bench-insert-" } } });

const burstAt = new Date(Math.ceil((Date.now() + 6_000) / 1000) * 1000);
const burstCron = `${burstAt.getUTCSeconds()} ${burstAt.getUTCMinutes()} ${burstAt.getUTCHours()} * * *`;
const now = new Date();
await db.schedule.createMany({
  data: Array.from({ length: 1000 }, (_, i) => ({
    agentId: burstAgent.id, name: `burst-${i}`, cron: burstCron, timezone: "UTC", message: "tick", overlapPolicy: "allow", createdAt: now, updatedAt: now,
  })),
});
await scheduler.resync();
const dispatchBefore = (await scheduler.samples()).dispatch.length;
await waitUntil(async () => (await scheduler.samples()).dispatch.length - dispatchBefore >= 1000 || Date.now() > burstAt.getTime() + 20_000, 40_000, 20);
const burst = (await scheduler.samples()).dispatch.slice(dispatchBefore);
const burstMax = burst.length > 0 ? Math.max(...burst) : null;
const claimed = await db.execution.findMany({ where: { agentId: burstAgent.id, attempt: 1 }, select: { createdAt: true } });
const claimMax = claimed.length > 0 ? Math.max(...claimed.map((e) => e.createdAt.getTime())) - burstAt.getTime() : null;
row("1,000 same-second fires dispatched (slot → last posted)", fmt(burstMax), `${burst.length} posted`, "≤ 2000 ms", burst.length === 1000 && burstMax !== null && burstMax <= 2000);
row("  … slot → last of them claimed (row inserted)", fmt(claimMax), `${claimed.length} claimed`, "", null);
row("raw insert, 1,000 execution rows one by one", fmt(insertMs), `${Math.round(1000 / (insertMs / 1000))} rows/s`, "reference", null);

row("completion noticed p95 (finishedAt → event read)", fmt(noticeP95), `n=${steadyNotices.length}`, "≤ 100 ms", noticeP95 !== null && noticeP95 <= 100);
await waitUntil(async () => (await scheduler.waiting()) === 0, 60_000);
const allNotices = (await scheduler.samples()).completionNotice.slice(steadyNotices.length);
row("  … during the 1,000-run burst p95", fmt(pct(allNotices, 95)), `n=${allNotices.length}`, "", null);

await scheduler.stop();

// ---------------------------------------------------------------- 4. load and arm 10,000 schedules
await db.schedule.deleteMany({});
const bulkAgent = await createAgent("bench-bulk");
const crons = ["* * * * *", "*/5 * * * *", "0 * * * *", "30 9 * * 1-5", "0 6 1 * *", "15 */2 * * *", "0 0 * * 0", "*/10 * * * * *"];
const zones = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Tokyo"];
for (let base = 0; base < 10_000; base += 1000) {
  await db.schedule.createMany({
    data: Array.from({ length: 1000 }, (_, k) => {
      const i = base + k;
      const cron = i % 3 === 0 ? crons[i % crons.length] : `${i % 60} ${Math.floor(i / 60) % 24} * * *`;
      return { agentId: bulkAgent.id, name: `bulk-${i}`, cron, timezone: zones[i % zones.length], message: "tick", createdAt: now, updatedAt: now };
    }),
  });
}
// The agent is stopped: fires during the measurement are recorded as skipped and sent nowhere.
await db.agent.update({ where: { id: bulkAgent.id }, data: { status: "stopped" } });
const child = await new Promise<string>((resolve, reject) => {
  const proc = spawn(process.execPath, ["--expose-gc", "--import", "tsx", import.meta.filename, "--arm-child"], {
    env: { ...process.env, BENCH_WEB_URL: stack.webUrl },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  proc.stdout.on("data", (c: Buffer) => (out += c.toString()));
  proc.once("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`arm child exited ${code}: ${out}`))));
});
const arm = JSON.parse(child.trim().split("\n").pop()!) as { armed: number; armMs: number; totalMs: number; rss: number; heap: number; rssBefore: number; heapBefore: number };
const mb = (b: number) => `${Math.round(b / 1024 / 1024)} MB`;
row("arm 10,000 schedules (armSchedules)", fmt(arm.armMs), `${arm.armed} armed`, "≤ 3000 ms", arm.armed === 10_000 && arm.armMs <= 3000);
row("load + arm at start (scheduler.start)", fmt(arm.totalMs), "", "≤ 3000 ms", arm.totalMs <= 3000);
row("worker RSS after arming", mb(arm.rss), `before ${mb(arm.rssBefore)}`, "< 300 MB", arm.rss < 300 * 1024 * 1024);
row("worker heap used after arming", mb(arm.heap), `before ${mb(arm.heapBefore)}`, "", null);

await stack.stop();

// ---------------------------------------------------------------- table
const head: [string, string, string, string] = ["figure", "value", "reference", "target"];
const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
const line = (r: string[]) => `| ${r.map((v, c) => v.padEnd(widths[c])).join(" | ")} |`;
console.log(`\nCadre scheduler benchmark (${new Date().toISOString()}, node ${process.version})`);
console.log(line(head));
console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
for (const r of rows) console.log(line(r));
process.exit(0);

async function waitUntil(cond: () => boolean | Promise<boolean>, timeoutMs: number, stepMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error("benchmark step timed out");
    await sleep(stepMs);
  }
}
