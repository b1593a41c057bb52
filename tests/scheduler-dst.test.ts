// Daylight saving with an injected clock: "30 2 * * *" in America/New_York runs once on both change days (the real
// clock cannot be moved, so the scheduler runs in this process without its tick timer and its tick is stepped
// through both days). Also the pure slot rules the scheduler relies on.
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, test } from "node:test";
import { setupTestEnv } from "./support/env";

const env = setupTestEnv("scheduler-dst");
const { db } = await import("@/lib/db");
const { createScheduler } = await import("@/worker/scheduler");
const { SlotClock, decideCatchUp, retryDelayMs, slotIdempotencyKey } = await import("@/lib/schedules/slots");
const { createTestUser } = await import("./support/users");

// Stands in for the web API: acknowledges every execute-task post and remembers the keys.
const posted: string[] = [];
const web = http.createServer((req, res) => {
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", () => {
    if (req.headers["x-cadre-internal-secret"] === env.internalSecret) posted.push(JSON.parse(body).idempotency_key);
    res.writeHead(202, { "content-type": "application/json" });
    res.end("{}");
  });
});
await new Promise<void>((r) => web.listen(0, "127.0.0.1", r));
after(() => {
  web.closeAllConnections();
  return new Promise<void>((r) => web.close(() => r()));
});

const owner = await createTestUser("admin");
const agent = await db.agent.create({
  data: {
    name: "dst",
    runtime: "command",
    command: "cat",
    workspaceDir: `${env.dir}/dst`,
    status: "running",
    ownerId: owner.id,
  },
});
const silent = { info: () => {}, warn: () => {}, error: (m: string, e?: unknown) => console.error(m, e) };

/** Steps a scheduler with a fake clock from `from` to `to` in `stepMs` steps, ticking at each. */
async function runThrough(scheduleId: string, from: string, to: string, stepMs: number) {
  let clock = new Date(from);
  const scheduler = createScheduler({
    db,
    webUrl: `http://127.0.0.1:${(web.address() as AddressInfo).port}`,
    secret: env.internalSecret,
    log: silent,
    now: () => clock,
    timers: false,
  });
  await scheduler.start();
  while (clock.getTime() < new Date(to).getTime()) {
    clock = new Date(clock.getTime() + stepMs);
    await scheduler.tick();
    await scheduler.idle();
  }
  await scheduler.stop();
  return db.execution.findMany({ where: { scheduleId }, orderBy: { scheduledFor: "asc" } });
}

async function dailyAt0230(start: string) {
  return db.schedule.create({
    data: {
      agentId: agent.id,
      name: `ny-${start}`,
      cron: "30 2 * * *",
      timezone: "America/New_York",
      message: "dst",
      overlapPolicy: "allow",
      lastSlotAt: new Date(start),
    },
  });
}

test("spring forward (2027-03-14): 02:30 does not exist that day and the job runs once, at 03:00 EDT", async () => {
  const s = await dailyAt0230("2027-03-13T12:00:00Z");
  const rows = await runThrough(s.id, "2027-03-13T12:00:00Z", "2027-03-15T12:00:00Z", 5 * 60_000);
  assert.deepEqual(
    rows.map((e) => e.scheduledFor!.toISOString()),
    ["2027-03-14T07:00:00.000Z", "2027-03-15T06:30:00.000Z"],
  );
  assert.ok(rows.every((e) => e.status === "queued" && e.attempt === 1));
  assert.ok(posted.includes(slotIdempotencyKey(s.id, new Date("2027-03-14T07:00:00Z"), 1)));
});

test("fall back (2027-11-07): 02:30 comes once and the job runs once, at 02:30 EST", async () => {
  const s = await dailyAt0230("2027-11-06T12:00:00Z");
  const rows = await runThrough(s.id, "2027-11-06T12:00:00Z", "2027-11-08T12:00:00Z", 5 * 60_000);
  assert.deepEqual(
    rows.map((e) => e.scheduledFor!.toISOString()),
    ["2027-11-07T07:30:00.000Z", "2027-11-08T07:30:00.000Z"],
  );
});

test("a second run over the same days (a restarted worker) claims nothing again", async () => {
  const s = await db.schedule.findFirstOrThrow({ where: { name: "ny-2027-03-13T12:00:00Z" } });
  await db.schedule.update({ where: { id: s.id }, data: { lastSlotAt: new Date("2027-03-13T12:00:00Z") } });
  const before = await db.execution.count({ where: { scheduleId: s.id } });
  const rows = await runThrough(s.id, "2027-03-13T12:00:00Z", "2027-03-15T12:00:00Z", 5 * 60_000);
  assert.equal(rows.length, before);
});

test("slot clock: the change days have one 02:30 slot each; 1:30 in the repeated hour runs once", () => {
  const ny = new SlotClock("30 2 * * *", "America/New_York");
  assert.deepEqual(
    ny.between(new Date("2027-03-14T00:00:00Z"), new Date("2027-03-15T00:00:00Z"), 10).map((d) => d.toISOString()),
    ["2027-03-14T07:00:00.000Z"],
  );
  assert.deepEqual(
    ny.between(new Date("2027-11-07T00:00:00Z"), new Date("2027-11-08T00:00:00Z"), 10).map((d) => d.toISOString()),
    ["2027-11-07T07:30:00.000Z"],
  );
  const repeated = new SlotClock("30 1 * * *", "America/New_York");
  assert.equal(repeated.between(new Date("2027-11-07T04:00:00Z"), new Date("2027-11-07T12:00:00Z"), 10).length, 1);
  const everyTwo = new SlotClock("*/2 * * * * *", "UTC");
  assert.equal(
    everyTwo.latestAtOrBefore(new Date("2027-01-01T00:00:02.000Z"))!.toISOString(),
    "2027-01-01T00:00:02.000Z",
  );
  assert.equal(
    everyTwo.latestAtOrBefore(new Date("2027-01-01T00:00:03.900Z"))!.toISOString(),
    "2027-01-01T00:00:02.000Z",
  );
});

test("catch-up decisions and retry backoff", () => {
  const now = new Date("2027-01-02T00:00:00Z");
  const missed = [new Date("2027-01-01T22:00:00Z"), new Date("2027-01-01T23:00:00Z")];
  assert.equal(decideCatchUp(missed, "latest", 86400, now).run?.toISOString(), "2027-01-01T23:00:00.000Z");
  assert.equal(decideCatchUp(missed, "latest", 1800, now).run, null, "outside the window");
  assert.equal(decideCatchUp(missed, "none", 86400, now).run, null);
  assert.equal(decideCatchUp(missed, "none", 86400, now).handledThrough?.toISOString(), "2027-01-01T23:00:00.000Z");
  assert.deepEqual(decideCatchUp([], "latest", 86400, now), { run: null, handledThrough: null });
  assert.deepEqual(
    [1, 2, 3].map((a) => retryDelayMs(60, a)),
    [60_000, 120_000, 240_000],
  );
});
