// node-cron jobs are made only for schedules whose next slot is within the arming horizon; a schedule armed further
// out gets its job from the reconciler tick once its slot comes close, and still fires on the second through node-cron.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { startStack } from "./support/stack";

const stack = await startStack("scheduler-horizon", { CADRE_SCHEDULER: "off" });
const { db } = await import("../lib/db");
const { call } = await import("./support/http");
const { createTestUser } = await import("./support/users");
const agentsRoute = await import("../app/api/agents/route");
const { createScheduler } = await import("../worker/scheduler");
const { loadEnabledSchedules } = await import("../lib/schedules/firing");

const log = { info: () => undefined, warn: () => undefined, error: (m: string, e?: unknown) => console.error(m, e ?? "") };
const scheduler = createScheduler({
  db,
  webUrl: stack.webUrl,
  secret: stack.env.internalSecret,
  log,
  // the reconciler would fire a missed slot only 30 s late: a fire within the second can only come from node-cron
  timings: { armHorizonMs: 3_000, reconcileMs: 200, graceMs: 30_000 },
});
after(async () => {
  await scheduler.stop();
  await stack.stop();
});

test("a schedule whose slot is beyond the horizon gets its node-cron job in time and fires on the second", async () => {
  const admin = await createTestUser("admin");
  const res = await call(agentsRoute, "POST", "/api/agents", { token: admin.token, body: { name: "far", runtime: "command", command: "true" } });
  assert.equal(res.status, 201);
  const slot = new Date(Math.ceil((Date.now() + 7_000) / 1000) * 1000);
  const schedule = await db.schedule.create({
    data: { agentId: res.body.agent.id, name: "later", cron: `${slot.getUTCSeconds()} ${slot.getUTCMinutes()} * * * *`, timezone: "UTC", message: "tick" },
  });
  await scheduler.start();
  assert.equal(scheduler.armed(schedule.id)?.nextSlot?.getTime(), slot.getTime());
  assert.equal(scheduler.armed(schedule.id)?.cronJob, false, "no node-cron job while the slot is beyond the horizon");
  await new Promise((r) => setTimeout(r, slot.getTime() - 2_000 - Date.now()));
  assert.equal(scheduler.armed(schedule.id)?.cronJob, true, "the job is made once the slot is within the horizon");
  assert.equal((await loadEnabledSchedules(db)).length, 1);

  const deadline = slot.getTime() + 5_000;
  while (Date.now() < deadline && (await db.execution.count({ where: { scheduleId: schedule.id } })) === 0) await new Promise((r) => setTimeout(r, 100));
  const rows = await db.execution.findMany({ where: { scheduleId: schedule.id } });
  assert.equal(rows.length, 1, "the slot ran once");
  assert.equal(rows[0].scheduledFor?.getTime(), slot.getTime());
  const stats = scheduler.stats();
  assert.equal(stats.fires, 1, "node-cron fired the slot");
  assert.equal(stats.reconcileFires, 0);
  assert.ok(rows[0].createdAt.getTime() - slot.getTime() < 1_000, `claimed ${rows[0].createdAt.getTime() - slot.getTime()} ms after its slot`);
});
