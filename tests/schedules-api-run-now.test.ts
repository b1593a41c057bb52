// Run Now follows the schedule's overlap policy, with a real runner and a command agent whose run waits for a file
// the test writes: on "skip", while a run of the schedule is queued or running, Run Now queues nothing more — it is
// recorded as a skipped execution naming the run still going and answered 409, even when several ask at once; on
// "queue" and "allow" it queues a run as before. The schedule's DTO says how many of its runs are going.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import test from "node:test";
import { setupTestEnv } from "./support/env";

const env = setupTestEnv("schedules-run-now");
const { call } = await import("./support/http");
const { startRunner } = await import("./support/runner");
const { createTestUser } = await import("./support/users");
const { waitForExecution } = await import("./support/executions");
const { db } = await import("@/lib/db");
const agentsRoute = await import("@/app/api/agents/route");
const schedulesRoute = await import("@/app/api/agents/[name]/schedules/route");
const scheduleRoute = await import("@/app/api/agents/[name]/schedules/[id]/route");
const triggerRoute = await import("@/app/api/agents/[name]/schedules/[id]/trigger/route");

const runner = await startRunner();
const admin = await createTestUser("admin");
const user = await createTestUser("user");

// Each run waits until its gate file exists, then echoes its task. One run at a time, as most agents are set up.
const gates = path.join(env.dir, "gates");
fs.mkdirSync(gates);
const gateCommand = `sh -c 'while [ ! -e "${gates}/open" ]; do sleep 0.05; done; cat'`;
const created = await call(agentsRoute, "POST", "/api/agents", {
  token: admin.token,
  body: { name: "gated", runtime: "command", command: gateCommand, concurrencyLimit: 1 },
});
assert.equal(created.status, 201, JSON.stringify(created.body));

const openGate = () => fs.writeFileSync(path.join(gates, "open"), "");
const closeGate = () => fs.rmSync(path.join(gates, "open"), { force: true });

async function createSchedule(name: string, overlapPolicy: string) {
  const res = await call(schedulesRoute, "POST", "/api/agents/gated/schedules", {
    token: admin.token,
    params: { name: "gated" },
    body: { name, cron: "0 0 1 1 *", message: `run of ${name}`, overlapPolicy },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.schedule as { id: string; activeRuns: number };
}

const runNow = (id: string) =>
  call(triggerRoute, "POST", `/api/agents/gated/schedules/${id}/trigger`, {
    token: user.token,
    params: { name: "gated", id },
  });

const readSchedule = async (id: string) =>
  (
    await call(scheduleRoute, "GET", `/api/agents/gated/schedules/${id}`, {
      token: user.token,
      params: { name: "gated", id },
    })
  ).body.schedule;

const executionsOf = (scheduleId: string) =>
  db.execution.findMany({ where: { scheduleId }, orderBy: { createdAt: "asc" } });

/** Waits until every run of the schedule has ended (the gate is opened for them). */
async function drain(scheduleId: string) {
  openGate();
  for (const e of await executionsOf(scheduleId)) await waitForExecution(user.token, e.id, undefined, 20_000);
  closeGate();
}

test("skip: while a run is going, Run Now answers 409 naming it, records a skipped run, and queues nothing", async () => {
  closeGate();
  const s = await createSchedule("skip one", "skip");
  assert.equal(s.activeRuns, 0);
  const first = await runNow(s.id);
  assert.equal(first.status, 202, JSON.stringify(first.body));
  const running = await waitForExecution(user.token, first.body.execution.id, ["running"]);
  assert.equal((await readSchedule(s.id)).activeRuns, 1);

  const second = await runNow(s.id);
  assert.equal(second.status, 409, JSON.stringify(second.body));
  assert.equal(second.body.error.code, "conflict");
  assert.match(
    second.body.error.message,
    new RegExp(`\\(${running.id}\\) is still running, and its overlap policy is "skip"`),
  );
  const detail = second.body.error.details[0];
  assert.equal(detail.runningExecutionId, running.id);

  // As a skipped slot is: a finished, skipped execution of the schedule (trigger manual) that says why.
  const rows = await executionsOf(s.id);
  assert.deepEqual(
    rows.map((r) => r.status),
    ["running", "skipped"],
  );
  const skipped = rows[1];
  assert.equal(skipped.id, detail.skippedExecutionId);
  assert.equal(skipped.trigger, "manual");
  assert.equal(skipped.createdById, user.id);
  assert.ok(skipped.finishedAt);
  assert.equal(skipped.error, `skipped: the previous run (${running.id}) was still running (overlap policy "skip")`);
  assert.equal((await readSchedule(s.id)).activeRuns, 1);

  // Once the run has ended, Run Now runs again.
  await drain(s.id);
  assert.equal((await readSchedule(s.id)).activeRuns, 0);
  const third = await runNow(s.id);
  assert.equal(third.status, 202, JSON.stringify(third.body));
  openGate();
  assert.equal((await waitForExecution(user.token, third.body.execution.id)).status, "succeeded");
  closeGate();
});

test("skip: a queued run counts as going too", async () => {
  closeGate();
  // The agent runs one at a time: another schedule's run holds its place, so this schedule's run stays queued.
  const blocker = await createSchedule("blocker", "allow");
  const held = await runNow(blocker.id);
  assert.equal(held.status, 202);
  await waitForExecution(user.token, held.body.execution.id, ["running"]);

  const s = await createSchedule("skip queued", "skip");
  const first = await runNow(s.id);
  assert.equal(first.status, 202);
  assert.equal((await db.execution.findUniqueOrThrow({ where: { id: first.body.execution.id } })).status, "queued");
  const second = await runNow(s.id);
  assert.equal(second.status, 409);
  assert.match(second.body.error.message, new RegExp(`\\(${first.body.execution.id}\\) is still queued`));
  await drain(blocker.id);
  await drain(s.id);
});

test("skip: several Run Nows at once queue exactly one run; the others are recorded skipped", async () => {
  closeGate();
  const s = await createSchedule("skip race", "skip");
  const answers = await Promise.all(Array.from({ length: 6 }, () => runNow(s.id)));
  const statuses = answers.map((a) => a.status).sort();
  assert.deepEqual(statuses, [202, 409, 409, 409, 409, 409], JSON.stringify(answers.map((a) => a.body)));
  const rows = await executionsOf(s.id);
  assert.equal(rows.filter((r) => r.status === "queued" || r.status === "running").length, 1);
  assert.equal(rows.filter((r) => r.status === "skipped").length, 5);
  const winner = answers.find((a) => a.status === 202)!.body.execution.id;
  for (const a of answers.filter((x) => x.status === 409))
    assert.equal(a.body.error.details[0].runningExecutionId, winner);
  await drain(s.id);
});

test("queue and allow: Run Now while a run is going queues another run", async () => {
  for (const policy of ["queue", "allow"]) {
    closeGate();
    const s = await createSchedule(`${policy} policy`, policy);
    const first = await runNow(s.id);
    assert.equal(first.status, 202);
    await waitForExecution(user.token, first.body.execution.id, ["running"]);
    const second = await runNow(s.id);
    assert.equal(second.status, 202, `${policy}: ${JSON.stringify(second.body)}`);
    assert.equal(second.body.execution.status, "queued");
    assert.equal((await readSchedule(s.id)).activeRuns, 2);
    openGate();
    assert.equal((await waitForExecution(user.token, second.body.execution.id, undefined, 20_000)).status, "succeeded");
    await drain(s.id);
    assert.deepEqual(
      (await executionsOf(s.id)).map((r) => r.status),
      ["succeeded", "succeeded"],
    );
  }
});

test("an unknown schedule is 404 and writes nothing", async () => {
  const before = await db.execution.count();
  const res = await runNow("nope");
  assert.equal(res.status, 404);
  assert.equal(await db.execution.count(), before);
});

test.after(async () => {
  openGate();
  await runner.stop();
});
