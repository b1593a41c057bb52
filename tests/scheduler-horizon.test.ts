// However many schedules are armed and however far ahead their slots are, the scheduler holds one timer (its tick):
// arming a thousand more adds none, and a slot a few seconds ahead still fires on the second.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { startStack } from "./support/stack";

const stack = await startStack("scheduler-horizon", { CADRE_SCHEDULER: "off" });
const { db } = await import("@/lib/db");
const { call } = await import("./support/http");
const { createTestUser } = await import("./support/users");
const agentsRoute = await import("@/app/api/agents/route");
const { createScheduler } = await import("@/worker/scheduler");
const { scheduleForArming } = await import("@/lib/schedules/firing");

const log = {
  info: () => undefined,
  warn: () => undefined,
  error: (m: string, e?: unknown) => console.error(m, e ?? ""),
};
const scheduler = createScheduler({ db, webUrl: stack.webUrl, secret: stack.env.internalSecret, log });
after(async () => {
  await scheduler.stop();
  await stack.stop();
});

const timers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;

test("a thousand schedules armed add no timer; a slot seconds ahead fires on the second through the one tick", async () => {
  const admin = await createTestUser("admin");
  const res = await call(agentsRoute, "POST", "/api/agents", {
    token: admin.token,
    body: { name: "far", runtime: "command", command: "true" },
  });
  assert.equal(res.status, 201);
  const agentId = res.body.agent.id;
  const slot = new Date(Math.ceil((Date.now() + 6_000) / 1000) * 1000);
  const schedule = await db.schedule.create({
    data: {
      agentId,
      name: "soon",
      cron: `${slot.getUTCSeconds()} ${slot.getUTCMinutes()} * * * *`,
      timezone: "UTC",
      message: "tick",
    },
  });
  await scheduler.start();
  assert.equal(scheduler.armed(schedule.id)?.nextSlot?.getTime(), slot.getTime());
  assert.equal(scheduler.stats().timers, 1);

  // A thousand more, with slots from minutes to a year away (not in the database: arming is what is measured).
  const now = new Date();
  const rows = Array.from({ length: 1000 }, (_, i) => ({
    id: `far-${i}`,
    name: `far-${i}`,
    cron: i % 2 === 0 ? `${i % 60} ${i % 24} * * *` : `0 0 1 ${1 + (i % 12)} *`,
    timezone: "Europe/Berlin",
    enabled: true,
    catchUpPolicy: "latest",
    catchUpWindowSeconds: 3600,
    lastSlotAt: null,
    version: 1,
    createdAt: now,
    pausedAt: null,
    startAt: null,
    endAt: null,
  }));
  assert.deepEqual(Object.keys(rows[0]).sort(), Object.keys(scheduleForArming).sort());
  const before = timers();
  scheduler.arm(rows, { catchUp: false });
  assert.equal(scheduler.stats().armed, 1001);
  assert.equal(timers(), before, "arming added timers");
  assert.equal(scheduler.stats().timers, 1);

  const deadline = slot.getTime() + 10_000;
  while (Date.now() < deadline && (await db.execution.count({ where: { scheduleId: schedule.id } })) === 0)
    await new Promise((r) => setTimeout(r, 100));
  const fired = await db.execution.findMany({ where: { scheduleId: schedule.id } });
  assert.equal(fired.length, 1, "the slot ran once");
  assert.equal(fired[0].scheduledFor?.getTime(), slot.getTime());
  assert.ok(
    fired[0].createdAt.getTime() - slot.getTime() < 1_000,
    `claimed ${fired[0].createdAt.getTime() - slot.getTime()} ms after its slot`,
  );
  const stats = scheduler.stats();
  assert.equal(stats.claims.won, 1);
  assert.ok(stats.lastFireAt && Date.parse(stats.lastFireAt) >= slot.getTime());
  assert.ok(stats.fireLatenessMs.n >= 1 && stats.fireLatenessMs.p99! < 1_000, JSON.stringify(stats.fireLatenessMs));
  console.log(`# ${JSON.stringify(stats)}`);
});
