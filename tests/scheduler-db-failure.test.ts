// The database failing while a slot is fired (locked, busy, disk full) must not lose the slot: the scheduler fires it
// again once the database answers, and a slot claimed before the failure still runs only once.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { startStack } from "./support/stack";

const stack = await startStack("scheduler-db-failure", { CADRE_SCHEDULER: "off" });
const { db } = await import("../lib/db");
const { call } = await import("./support/http");
const { createTestUser } = await import("./support/users");
const agentsRoute = await import("../app/api/agents/route");
const { createScheduler } = await import("../worker/scheduler");

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Failures still to throw: agent reads (before the claim) and schedule mark writes (after it). */
const faults = { agentReads: 0, markWrites: 0 };
const locked = () => Promise.reject(new Error("SqliteError: database is locked"));

function failingDelegate<T extends object>(delegate: T, method: string, remaining: () => boolean): T {
  return new Proxy(delegate, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (prop === method) return (...args: unknown[]) => (remaining() ? locked() : (value as (...a: unknown[]) => unknown).apply(target, args));
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

const faultyDb = new Proxy(db, {
  get(target, prop) {
    const value = Reflect.get(target, prop, target);
    if (prop === "agent") return failingDelegate(value as object, "findMany", () => faults.agentReads > 0 && faults.agentReads-- > 0);
    if (prop === "schedule") return failingDelegate(value as object, "updateMany", () => faults.markWrites > 0 && faults.markWrites-- > 0);
    return typeof value === "function" ? value.bind(target) : value;
  },
}) as typeof db;

const errors: string[] = [];
const scheduler = createScheduler({
  db: faultyDb,
  webUrl: stack.webUrl,
  secret: stack.env.internalSecret,
  log: { info: () => undefined, warn: () => undefined, error: (m: string, e?: unknown) => errors.push(`${m} ${e instanceof Error ? e.message : ""}`) },
});
await scheduler.start();
after(async () => {
  await scheduler.stop();
  await stack.stop();
});

const admin = await createTestUser("admin");
const created = await call(agentsRoute, "POST", "/api/agents", { token: admin.token, body: { name: "steady", runtime: "command", command: "true" } });
assert.equal(created.status, 201);
const agentId: string = created.body.agent.id;

/** A schedule whose one slot today is `lead` ms ahead, armed in the running scheduler as the web's change event would. */
async function scheduleAhead(name: string, lead: number) {
  const slot = new Date(Math.ceil((Date.now() + lead) / 1000) * 1000);
  const schedule = await db.schedule.create({
    data: { agentId, name, cron: `${slot.getUTCSeconds()} ${slot.getUTCMinutes()} ${slot.getUTCHours()} * * *`, timezone: "UTC", message: name },
  });
  await scheduler.reload(schedule.id);
  return { schedule, slot };
}

async function runsOf(scheduleId: string, until: () => boolean, deadline: number) {
  let rows = await db.execution.findMany({ where: { scheduleId } });
  while (!until() && Date.now() < deadline) {
    await sleep(100);
    rows = await db.execution.findMany({ where: { scheduleId } });
    if (rows.length > 0 && rows.every((r) => r.finishedAt)) break;
  }
  return rows;
}

test("reads failing at the slot's time: the slot is fired again when the database answers, and runs once", async () => {
  const { schedule, slot } = await scheduleAhead("locked-read", 2_500);
  const before = scheduler.stats().fireFailures;
  faults.agentReads = 3;
  const rows = await runsOf(schedule.id, () => false, slot.getTime() + 15_000);
  assert.equal(faults.agentReads, 0, "the three failures were met");
  assert.equal(rows.length, 1, `one run; errors: ${errors.join(" | ")}`);
  assert.equal(rows[0].scheduledFor?.getTime(), slot.getTime(), "the run is the slot itself, not a later one");
  assert.equal(rows[0].status, "succeeded");
  assert.equal(scheduler.stats().fireFailures - before, 3, "each failed attempt was counted");
  assert.ok(errors.some((e) => e.includes("database is locked")), "the failure was logged");
  const marks = await db.schedule.findUniqueOrThrow({ where: { id: schedule.id } });
  assert.equal(marks.lastSlotAt?.getTime(), slot.getTime());
  assert.ok(marks.lastRunAt, "lastRunAt recorded");
});

test("a write failing after the claim: the slot is fired again, finds its claim, and does not run twice", async () => {
  const { schedule, slot } = await scheduleAhead("locked-mark", 2_500);
  const before = scheduler.stats();
  faults.markWrites = 1;
  const rows = await runsOf(schedule.id, () => false, slot.getTime() + 10_000);
  assert.equal(faults.markWrites, 0, "the failure was met");
  // Long enough for the reconciler to have fired the slot again (grace 1.5 s, pass every second).
  await sleep(Math.max(0, slot.getTime() + 4_000 - Date.now()));
  const after = scheduler.stats();
  assert.equal(after.fireFailures - before.fireFailures, 1);
  assert.ok(after.alreadyClaimed - before.alreadyClaimed >= 1, "the second fire found the slot claimed");
  assert.equal(await db.execution.count({ where: { scheduleId: schedule.id } }), 1, "one run only");
  assert.equal(rows[0].scheduledFor?.getTime(), slot.getTime());
  const marks = await db.schedule.findUniqueOrThrow({ where: { id: schedule.id } });
  assert.equal(marks.lastSlotAt?.getTime(), slot.getTime(), "the mark was written by the second fire");
});
