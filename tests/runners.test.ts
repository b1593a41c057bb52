// The worker registry with real worker processes: each registers its row with the parts it runs, heartbeats with its
// parts' stats, is marked stopped on SIGTERM and shows as down once a SIGKILL leaves it silent past the threshold;
// the scheduler status and runner list APIs (admins only); and pinning an agent to a runner through the agent API.
import assert from "node:assert/strict";
import os from "node:os";
import { after, test } from "node:test";
import { setupTestEnv, teardownTestEnv } from "./support/env";

// Short heartbeats so a killed worker is down within seconds; the spawned workers read the same environment.
const HEARTBEAT_MS = 200;
const DOWN_AFTER_MS = 1_500;
setupTestEnv("runners", {
  CADRE_WORKER_HEARTBEAT_MS: String(HEARTBEAT_MS),
  CADRE_WORKER_DOWN_AFTER_MS: String(DOWN_AFTER_MS),
});

const { startWorker } = await import("./support/worker");
const { call } = await import("./support/http");
const { createTestUser } = await import("./support/users");
const { db } = await import("@/lib/db");
const { pruneRunners, serializeStats } = await import("@/lib/runners");
const statusRoute = await import("@/app/api/scheduler/status/route");
const runnersRoute = await import("@/app/api/runners/route");
const namesRoute = await import("@/app/api/runners/names/route");
const agentsRoute = await import("@/app/api/agents/route");
const agentRoute = await import("@/app/api/agents/[name]/route");

const admin = await createTestUser("admin");
const user = await createTestUser("user");
const other = await createTestUser("user");

after(() => teardownTestEnv());

/** Polls until `probe` gives a value (every 50 ms), failing after `timeoutMs` with the last value seen. */
async function waitFor<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function status() {
  const res = await call(statusRoute, "GET", "/api/scheduler/status", { token: admin.token });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
}

const workerWithPid = async (pid: number | undefined) => ((await status()).workers as any[]).find((w) => w.pid === pid);

test("a worker registers with its parts, heartbeats with its stats, and is marked stopped on SIGTERM", async () => {
  // A row silent for two days is removed by the first heartbeats of a new worker.
  const old = new Date(Date.now() - 2 * 24 * 60 * 60_000);
  await db.runner.create({
    data: { id: "gone-1-aaaa", name: "gone", host: "elsewhere", pid: 1, heartbeatAt: old, startedAt: old },
  });

  const worker = await startWorker({ CADRE_RUNNER_NAME: "runner-a" });
  try {
    const first = await waitFor("the worker's row", () => workerWithPid(worker.proc.pid));
    assert.equal(first.name, "runner-a");
    assert.match(first.id, /^runner-a-\d+-[0-9a-f]{8}$/);
    assert.equal(first.host, os.hostname());
    assert.deepEqual(first.parts, ["scheduler", "engine", "runner", "sockets", "notifier"]);
    assert.equal(first.state, "running");
    assert.equal(first.alive, true);
    assert.equal(first.stoppedAt, null);

    // Heartbeats keep coming, each with the scheduler's report.
    const later = await waitFor("a later heartbeat", async () => {
      const w = await workerWithPid(worker.proc.pid);
      return w && Date.parse(w.heartbeatAt) > Date.parse(first.heartbeatAt) && w;
    });
    assert.equal(typeof later.stats.scheduler?.armed, "number", JSON.stringify(later.stats));
    assert.ok(later.heartbeatAgeMs < DOWN_AFTER_MS, `heartbeat ${later.heartbeatAgeMs} ms old`);
    assert.equal(later.startedAt, first.startedAt);

    const s = await status();
    assert.equal(s.running, true, "a live worker runs the scheduler part");
    assert.equal(s.schedulers, 1);
    assert.equal(s.armedJobs, later.stats.scheduler.armed);
    assert.equal(s.enabledSchedules, 0);
    assert.equal(s.downAfterMs, DOWN_AFTER_MS);

    const list = await call(runnersRoute, "GET", "/api/runners", { token: admin.token });
    assert.equal(list.status, 200);
    assert.ok(list.body.workers.some((w: any) => w.id === first.id && w.state === "running"));

    await waitFor(
      "the two-day-old row pruned",
      async () => (await db.runner.count({ where: { id: "gone-1-aaaa" } })) === 0,
    );
  } finally {
    const stopped = await worker.stop("SIGTERM");
    assert.equal(stopped.code, 0, worker.output());
  }

  const stoppedRow = await workerWithPid(worker.proc.pid);
  assert.equal(stoppedRow.state, "stopped");
  assert.equal(stoppedRow.alive, false);
  assert.ok(stoppedRow.stoppedAt, "stoppedAt is set by the clean stop");
  const s = await status();
  assert.equal(s.running, false, "no live worker runs the scheduler");
  assert.equal(s.armedJobs, null);
});

test("a worker killed outright is shown as down once it has been silent past the threshold, and stays listed", async () => {
  const worker = await startWorker({ CADRE_RUNNER_NAME: "runner-b", CADRE_WORKER_PARTS: "engine,runner" });
  const alive = await waitFor("the worker alive", async () => {
    const w = await workerWithPid(worker.proc.pid);
    return w?.alive && w;
  });
  assert.deepEqual(alive.parts, ["engine", "runner"]);
  assert.equal((await status()).running, false, "this worker runs no scheduler");
  const names = await call(namesRoute, "GET", "/api/runners/names", { token: user.token });
  assert.equal(names.status, 200);
  assert.ok(
    names.body.runners.some((r: any) => r.name === "runner-b" && r.alive),
    JSON.stringify(names.body),
  );

  await worker.stop("SIGKILL");
  const down = await waitFor("the killed worker down", async () => {
    const w = await workerWithPid(worker.proc.pid);
    return w?.state === "down" && w;
  });
  assert.equal(down.alive, false);
  assert.equal(down.stoppedAt, null, "nobody marked it stopped");
  assert.ok(
    down.heartbeatAgeMs > DOWN_AFTER_MS,
    `down after ${down.heartbeatAgeMs} ms of silence, not before ${DOWN_AFTER_MS}`,
  );
  assert.ok(await db.runner.findUnique({ where: { id: down.id } }), "the row is kept");
  const namesNow = await call(namesRoute, "GET", "/api/runners/names", { token: user.token });
  assert.deepEqual(
    namesNow.body.runners.find((r: any) => r.name === "runner-b"),
    { name: "runner-b", alive: false },
  );
});

test("the status and runner APIs are for admins: 401 anonymous, 403 for a plain user", async () => {
  for (const [mod, url] of [
    [statusRoute, "/api/scheduler/status"],
    [runnersRoute, "/api/runners"],
  ] as const) {
    const anon = await call(mod, "GET", url);
    assert.equal(anon.status, 401);
    assert.equal(anon.body.error.code, "unauthorized");
    const plain = await call(mod, "GET", url, { token: user.token });
    assert.equal(plain.status, 403);
    assert.equal(plain.body.error.code, "forbidden");
    assert.equal((await call(mod, "GET", url, { token: admin.token })).status, 200);
  }
  assert.equal((await call(namesRoute, "GET", "/api/runners/names")).status, 401);
});

test("rows of workers silent for a day are pruned; newer ones stay", async () => {
  const now = Date.now();
  const at = (ms: number) => new Date(now - ms);
  await db.runner.create({
    data: {
      id: "old-stopped",
      name: "old",
      host: "h",
      pid: 2,
      heartbeatAt: at(25 * 3600_000),
      startedAt: at(30 * 3600_000),
      stoppedAt: at(25 * 3600_000),
    },
  });
  await db.runner.create({
    data: {
      id: "old-silent",
      name: "old",
      host: "h",
      pid: 3,
      heartbeatAt: at(25 * 3600_000),
      startedAt: at(30 * 3600_000),
    },
  });
  await db.runner.create({
    data: {
      id: "recent-down",
      name: "recent",
      host: "h",
      pid: 4,
      heartbeatAt: at(3600_000),
      startedAt: at(2 * 3600_000),
    },
  });
  assert.equal(await pruneRunners(), 2);
  assert.deepEqual(
    (await db.runner.findMany({ where: { id: { in: ["old-stopped", "old-silent", "recent-down"] } } })).map(
      (r) => r.id,
    ),
    ["recent-down"],
  );
});

test("a part's stats are bounded: a report that fails or is too big is replaced by a note", () => {
  const json = serializeStats({
    scheduler: () => ({ armed: 3 }),
    runner: () => {
      throw new Error("boom");
    },
    engine: () => ({ big: "x".repeat(20_000) }),
  });
  const stats = JSON.parse(json);
  assert.deepEqual(stats.scheduler, { armed: 3 });
  assert.match(stats.runner.error, /stats failed: boom/);
  assert.match(stats.engine.error, /stats too large/);
  assert.ok(json.length < 1_000);
});

test("an agent is pinned to a runner by its owner or an admin, through create and edit; bad names are refused", async () => {
  const created = await call(agentsRoute, "POST", "/api/agents", {
    token: user.token,
    body: { name: "pinned", runtime: "claude-code", runnerName: "build-1", start: false },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.equal(created.body.agent.runnerName, "build-1");
  assert.equal((await db.agent.findUniqueOrThrow({ where: { name: "pinned" } })).runnerName, "build-1");

  const unpinnedByDefault = await call(agentsRoute, "POST", "/api/agents", {
    token: user.token,
    body: { name: "free", runtime: "claude-code", start: false },
  });
  assert.equal(unpinnedByDefault.body.agent.runnerName, null);

  const put = (token: string, body: unknown) =>
    call(agentRoute, "PUT", "/api/agents/pinned", { token, params: { name: "pinned" }, body });
  for (const bad of ["", "bad name", "-dash-first", "a".repeat(64), "x/../y", "evil\u202Etxt", 7, { name: "x" }]) {
    const res = await put(user.token, { runnerName: bad });
    assert.equal(res.status, 400, `${JSON.stringify(bad)}: ${JSON.stringify(res.body)}`);
    assert.equal(res.body.error.details[0].field, "runnerName");
  }
  assert.equal(
    (await db.agent.findUniqueOrThrow({ where: { name: "pinned" } })).runnerName,
    "build-1",
    "nothing written by a refusal",
  );

  const refused = await put(other.token, { runnerName: "elsewhere" });
  assert.equal(refused.status, 403, "only the owner or an admin");

  const moved = await put(user.token, { runnerName: "gpu.box_2" });
  assert.equal(moved.status, 200, JSON.stringify(moved.body));
  assert.equal(moved.body.agent.runnerName, "gpu.box_2");
  const unchanged = await put(user.token, { description: "still pinned" });
  assert.equal(unchanged.body.agent.runnerName, "gpu.box_2", "a change that leaves it out keeps the pin");
  const byAdmin = await put(admin.token, { runnerName: null });
  assert.equal(byAdmin.status, 200);
  assert.equal(byAdmin.body.agent.runnerName, null, "null: any runner");

  const read = await call(agentRoute, "GET", "/api/agents/pinned", { token: other.token, params: { name: "pinned" } });
  assert.equal(read.body.agent.runnerName, null);
  const list = await call(agentsRoute, "GET", "/api/agents", { token: other.token });
  assert.ok(list.body.agents.every((a: any) => "runnerName" in a));
});
