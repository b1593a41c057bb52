// Runners share the queue through the database alone: two runner processes (names "a" and "b") never run more of an
// agent's tasks at once than its concurrency limit (checked from the rows while they run), an agent pinned to a
// runner runs only there, a conversation's turns run one at a time and in order, a runner killed outright leaves its
// run to be marked interrupted once the lease runs out (and it is not run again), a cancel sent to the web reaches
// the runner holding the run, and a runner stopped with SIGTERM records what it was running as interrupted.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import test, { after } from "node:test";
import { setupTestEnv } from "./support/env";
import { alive } from "./support/pids";

const env = setupTestEnv("runner");
const { call } = await import("./support/http");
const { waitForExecution } = await import("./support/executions");
const { createTestUser } = await import("./support/users");
const { startRunner } = await import("./support/runner");
const { db } = await import("@/lib/db");
const { LEASE_EXPIRED_ERROR, RUNNER_STOPPED_ERROR } = await import("@/lib/executions");
const agentsRoute = await import("@/app/api/agents/route");
const taskRoute = await import("@/app/api/agents/[name]/task/route");
const cancelRoute = await import("@/app/api/executions/[id]/cancel/route");
const conversationsRoute = await import("@/app/api/agents/[name]/conversations/route");

const admin = await createTestUser("admin");
const runnerEnv = (name: string) => ({
  CADRE_RUNNER_NAME: name,
  CADRE_RUNNER_LEASE_MS: "1500",
  CADRE_RUNNER_MAX_RUNS: "2",
});
const runners = { a: await startRunner(runnerEnv("a")), b: await startRunner(runnerEnv("b")) };
after(async () => {
  await Promise.all(Object.values(runners).map((r) => r.stop()));
  await db.$disconnect();
});

const workspace = (name: string) => path.join(env.dir, "workspaces", name);

async function createAgent(name: string, command: string, extra: Record<string, unknown> = {}) {
  const res = await call(agentsRoute, "POST", "/api/agents", {
    token: admin.token,
    body: { name, runtime: "command", command, ...extra },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return db.agent.findUniqueOrThrow({ where: { name } });
}

async function submit(agent: string, message: string): Promise<string> {
  const res = await call(taskRoute, "POST", `/api/agents/${agent}/task`, {
    token: admin.token,
    params: { name: agent },
    body: { message, async: true },
  });
  assert.equal(res.status, 202, JSON.stringify(res.body));
  return res.body.execution.id;
}

const finished = (ids: string[]) => Promise.all(ids.map((id) => waitForExecution(admin.token, id, undefined, 60_000)));

/** Counts the running rows `where` picks, as often as the database answers, until `ids` have all finished. */
async function sampleRunning(where: Record<string, unknown>, ids: string[]) {
  let max = 0;
  let samples = 0;
  for (;;) {
    const [running, open] = await Promise.all([
      db.execution.count({ where: { ...where, status: "running" } }),
      db.execution.count({ where: { id: { in: ids }, finishedAt: null } }),
    ]);
    max = Math.max(max, running);
    samples += 1;
    if (open === 0) return { max, samples };
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The process group of `pid` (the program's: each run leads its own group). */
function groupOf(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
}

async function waitUntil(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

test("two runners never run more of an agent's tasks at once than its limit, and together reach it", async () => {
  // Each runner takes at most 2 runs at once, so reaching the limit of 3 takes both of them.
  const agent = await createAgent("wide", `sh -c 'cat >/dev/null; sleep 0.8'`, { concurrencyLimit: 3 });
  const ids: string[] = [];
  for (let i = 0; i < 9; i++) ids.push(await submit("wide", `t${i}`));
  const { max, samples } = await sampleRunning({ agentId: agent.id }, ids);
  const done = await finished(ids);
  console.log(`# ${samples} samples of the running rows; at most ${max} running at once`);
  assert.ok(max <= 3, `${max} ran at once`);
  assert.equal(max, 3, "the two runners together reached the limit");
  for (const e of done) assert.equal(e.status, "succeeded", JSON.stringify(e));
  const rows = await db.execution.findMany({ where: { id: { in: ids } }, select: { runnerId: true } });
  assert.deepEqual([...new Set(rows.map((r) => r.runnerId!.split("-")[0]))].sort(), ["a", "b"]);
});

test("an agent pinned to runner b runs only on b: it waits while b is down, though a keeps claiming", async () => {
  const onB = await createAgent("pinned-b", "cat", { concurrencyLimit: 2 });
  const onA = await createAgent("pinned-a", "cat", { concurrencyLimit: 2 });
  await db.agent.update({ where: { id: onB.id }, data: { runnerName: "b" } });
  await db.agent.update({ where: { id: onA.id }, data: { runnerName: "a" } });
  await createAgent("anywhere", "cat");
  const first = [
    await submit("pinned-b", "1"),
    await submit("pinned-a", "2"),
    await submit("pinned-b", "3"),
    await submit("pinned-a", "4"),
  ];
  await finished(first);
  const ranOn = async (id: string) => (await db.execution.findUniqueOrThrow({ where: { id } })).runnerId!.split("-")[0];
  assert.deepEqual(await Promise.all(first.map(ranOn)), ["b", "a", "b", "a"]);

  await runners.b.stop();
  const waiting = await submit("pinned-b", "while b is down");
  // Older than this one, so runner a would have claimed it first had it been a's to take.
  const later = await submit("anywhere", "a is claiming");
  const done = await waitForExecution(admin.token, later, ["succeeded"]);
  assert.equal(done.status, "succeeded");
  assert.equal(await ranOn(later), "a");
  assert.equal(
    (await db.execution.findUniqueOrThrow({ where: { id: waiting } })).status,
    "queued",
    "runner a left b's task alone",
  );

  runners.b = await startRunner(runnerEnv("b"));
  assert.equal((await waitForExecution(admin.token, waiting, ["succeeded"])).status, "succeeded");
  assert.equal(await ranOn(waiting), "b");
});

test("a conversation's turns run one at a time, oldest first, while the agent runs other tasks beside them", async () => {
  const agent = await createAgent("talker", `sh -c 'cat >/dev/null; sleep 0.3'`, { concurrencyLimit: 3 });
  const conversation = await call(conversationsRoute, "POST", "/api/agents/talker/conversations", {
    token: admin.token,
    params: { name: "talker" },
  });
  assert.equal(conversation.status, 201);
  const conversationId = conversation.body.conversation.id;
  // Queued turns straight in the table (the chat API refuses a turn while one is open): the claim must order them.
  const base = Date.now();
  const turns = await db.$transaction(
    [0, 1, 2, 3].map((i) =>
      db.execution.create({
        data: {
          agentId: agent.id,
          trigger: "chat",
          status: "queued",
          message: `turn ${i}`,
          conversationId,
          createdById: admin.id,
          createdAt: new Date(base + i),
        },
      }),
    ),
  );
  const beside = await submit("talker", "beside");
  const ids = turns.map((t) => t.id);
  const [conversationRuns, agentRuns] = await Promise.all([
    sampleRunning({ conversationId }, ids),
    sampleRunning({ agentId: agent.id }, [...ids, beside]),
  ]);
  assert.equal(conversationRuns.max, 1, "two turns of the conversation ran at once");
  assert.ok(agentRuns.max >= 2, "the other task ran beside the turns");
  const done = await db.execution.findMany({ where: { id: { in: ids } }, orderBy: { startedAt: "asc" } });
  assert.deepEqual(
    done.map((e) => e.message),
    ["turn 0", "turn 1", "turn 2", "turn 3"],
  );
  for (const e of done) assert.equal(e.status, "succeeded");
  for (let i = 1; i < done.length; i++)
    assert.ok(done[i].startedAt! >= done[i - 1].finishedAt!, `turn ${i} started before turn ${i - 1} ended`);
});

test("a runner killed outright: its run is interrupted once the lease runs out, and never run again", async () => {
  const ledger = path.join(workspace("crasher"), "runs.txt");
  const pidFile = path.join(workspace("crasher"), "pid");
  await createAgent(
    "crasher",
    `sh -c 'echo "$CADRE_EXECUTION_ID" >> runs.txt; echo $$ > pid; if [ "$(cat)" = long ]; then sleep 60; fi'`,
  );
  await runners.b.stop();
  const id = await submit("crasher", "long");
  await waitForExecution(admin.token, id, ["running"]);
  await waitUntil("the program to start", () => fs.existsSync(pidFile));
  const pid = Number(fs.readFileSync(pidFile, "utf8"));
  runners.b = await startRunner(runnerEnv("b"));
  const killedAt = Date.now();
  await runners.a.stop("SIGKILL");

  const interrupted = await waitForExecution(admin.token, id, ["interrupted"], 20_000);
  console.log(`# interrupted ${Date.now() - killedAt} ms after the kill (lease 1500 ms)`);
  assert.equal(interrupted.error, LEASE_EXPIRED_ERROR);
  assert.equal(interrupted.response, null);
  assert.ok(interrupted.finishedAt);
  const row = await db.execution.findUniqueOrThrow({ where: { id } });
  assert.match(row.runnerId!, /^a-/, "the row still names the runner that died");

  runners.a = await startRunner(runnerEnv("a"));
  const next = await submit("crasher", "short");
  assert.equal((await waitForExecution(admin.token, next, ["succeeded", "failed"])).status, "succeeded");
  assert.deepEqual(
    fs.readFileSync(ledger, "utf8").trim().split("\n"),
    [id, next],
    "the interrupted run was not started again",
  );
  assert.equal((await db.execution.findUniqueOrThrow({ where: { id } })).status, "interrupted");
  // A runner killed outright cannot kill its programs; this one is the test's to end.
  if (alive(pid)) process.kill(-groupOf(pid), "SIGKILL");
});

test("a cancel sent to the web reaches the runner holding the run: its process group is killed and it is recorded cancelled", async () => {
  const pidFile = path.join(workspace("stubborn"), "pid");
  await createAgent("stubborn", `sh -c 'echo $$ > pid; (sleep 30) & sleep 30'`);
  const id = await submit("stubborn", "x");
  await waitForExecution(admin.token, id, ["running"]);
  await waitUntil("the program to start", () => fs.existsSync(pidFile));
  const pid = Number(fs.readFileSync(pidFile, "utf8"));
  const t0 = Date.now();
  const res = await call(cancelRoute, "POST", `/api/executions/${id}/cancel`, { token: admin.token, params: { id } });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.execution.status, "cancelled");
  assert.ok(Date.now() - t0 < 5_000, `took ${Date.now() - t0} ms`);
  const row = await db.execution.findUniqueOrThrow({ where: { id } });
  assert.match(row.runnerId!, /^[ab]-/);
  assert.ok(row.cancelRequestedAt);
  await waitUntil("the program to be gone", () => !alive(pid), 5_000);
  assert.equal(
    (await call(cancelRoute, "POST", `/api/executions/${id}/cancel`, { token: admin.token, params: { id } })).status,
    409,
  );
});

test("a runner stopped with SIGTERM records its runs in flight as interrupted and ends their programs", async () => {
  const pidFile = path.join(workspace("long-haul"), "pid");
  await createAgent("long-haul", `sh -c 'echo $$ > pid; sleep 60'`);
  await runners.b.stop();
  const id = await submit("long-haul", "x");
  await waitForExecution(admin.token, id, ["running"]);
  await waitUntil("the program to start", () => fs.existsSync(pidFile));
  const pid = Number(fs.readFileSync(pidFile, "utf8"));
  const stopped = await runners.a.stop("SIGTERM");
  assert.equal(stopped.code, 0, runners.a.output().slice(-2000));
  const row = await db.execution.findUniqueOrThrow({ where: { id } });
  assert.equal(row.status, "interrupted");
  assert.equal(row.error, RUNNER_STOPPED_ERROR);
  await waitUntil("the program to be gone", () => !alive(pid), 5_000);
  runners.a = await startRunner(runnerEnv("a"));
  runners.b = await startRunner(runnerEnv("b"));
});
