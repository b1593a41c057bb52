// The database failing while a slot is claimed (locked, busy, disk full, an answer lost) must not lose the slot: the
// scheduler fires it again once the database answers, and a slot claimed before the failure still runs only once.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { startStack } from "./support/stack";

const stack = await startStack("scheduler-db-failure", { CADRE_SCHEDULER: "off" });
const { db, direct } = await import("@/lib/db");
const { call } = await import("./support/http");
const { createTestUser } = await import("./support/users");
const agentsRoute = await import("@/app/api/agents/route");
const { createScheduler } = await import("@/worker/scheduler");

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Failures still to make: claims refused before they run (a locked database), and claims that commit but whose
 * answer is lost (the connection drops after COMMIT), so the scheduler believes the claim failed.
 */
const faults = { refused: 0, lostAnswers: 0 };
const locked = () => Promise.reject(new Error("SqliteError: database is locked"));

/** A transaction that fails as the faults say: refused before it runs, or run and its answer lost. */
async function faulty<T>(transaction: () => Promise<T>): Promise<T> {
  if (faults.refused > 0) {
    faults.refused -= 1;
    return locked();
  }
  const result = await transaction();
  if (faults.lostAnswers > 0) {
    faults.lostAnswers -= 1;
    return locked();
  }
  return result;
}

// Every transaction the scheduler makes, on the client (retries) and in plain SQL (claims).
const faultyDb = new Proxy(db, {
  get(target, prop) {
    const value = Reflect.get(target, prop, target);
    if (prop !== "$transaction") return typeof value === "function" ? value.bind(target) : value;
    return (...args: unknown[]) => faulty(() => (value as (...a: unknown[]) => Promise<unknown>).apply(target, args));
  },
}) as typeof db;
const faultySql: typeof direct = { ...direct, transaction: (fn) => faulty(() => direct.transaction(fn)) };

const errors: string[] = [];
const scheduler = createScheduler({
  db: faultyDb,
  sql: faultySql,
  webUrl: stack.webUrl,
  secret: stack.env.internalSecret,
  log: {
    info: () => undefined,
    warn: () => undefined,
    error: (m: string, e?: unknown) => errors.push(`${m} ${e instanceof Error ? e.message : ""}`),
  },
});
await scheduler.start();
after(async () => {
  await scheduler.stop();
  await stack.stop();
});

const admin = await createTestUser("admin");
const created = await call(agentsRoute, "POST", "/api/agents", {
  token: admin.token,
  body: { name: "steady", runtime: "command", command: "true" },
});
assert.equal(created.status, 201);
const agentId: string = created.body.agent.id;

/** A schedule whose one slot today is `lead` ms ahead, armed in the running scheduler as the web's change event would. */
async function scheduleAhead(name: string, lead: number) {
  const slot = new Date(Math.ceil((Date.now() + lead) / 1000) * 1000);
  const schedule = await db.schedule.create({
    data: {
      agentId,
      name,
      cron: `${slot.getUTCSeconds()} ${slot.getUTCMinutes()} ${slot.getUTCHours()} * * *`,
      timezone: "UTC",
      message: name,
    },
  });
  await scheduler.reload(schedule.id);
  return { schedule, slot };
}

async function waitFor(what: string, cond: () => boolean, deadline: number) {
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; errors: ${errors.join(" | ")}`);
    await sleep(50);
  }
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

test("claims refused at the slot's time: the slot is fired again when the database answers, and runs once", async () => {
  const { schedule, slot } = await scheduleAhead("locked-claim", 2_500);
  const before = scheduler.stats().claims.failed;
  faults.refused = 3;
  const rows = await runsOf(schedule.id, () => false, slot.getTime() + 15_000);
  assert.equal(faults.refused, 0, "the three failures were met");
  assert.equal(rows.length, 1, `one run; errors: ${errors.join(" | ")}`);
  assert.equal(rows[0].scheduledFor?.getTime(), slot.getTime(), "the run is the slot itself, not a later one");
  assert.equal(rows[0].status, "succeeded");
  assert.equal(scheduler.stats().claims.failed - before, 3, "each failed attempt was counted");
  assert.ok(
    errors.some((e) => e.includes("database is locked")),
    "the failure was logged",
  );
  const marks = await db.schedule.findUniqueOrThrow({ where: { id: schedule.id } });
  assert.equal(marks.lastSlotAt?.getTime(), slot.getTime());
  assert.ok(marks.lastRunAt, "lastRunAt recorded");
});

test("a claim that committed but whose answer was lost: the slot is fired again, finds its claim, and does not run twice", async () => {
  const { schedule, slot } = await scheduleAhead("lost-answer", 2_500);
  const before = scheduler.stats().claims;
  faults.lostAnswers = 1;
  await waitFor(
    "the slot fired again and found claimed",
    () => scheduler.stats().claims.lost > before.lost,
    slot.getTime() + 15_000,
  );
  assert.equal(faults.lostAnswers, 0, "the failure was met");
  const rows = await runsOf(schedule.id, () => false, slot.getTime() + 15_000);
  assert.equal(scheduler.stats().claims.failed - before.failed, 1);
  assert.equal(rows.length, 1, "one run only");
  assert.equal(rows[0].scheduledFor?.getTime(), slot.getTime());
  assert.equal(rows[0].status, "succeeded", "the row the lost answer left runs (a runner takes it from the database)");
  const marks = await db.schedule.findUniqueOrThrow({ where: { id: schedule.id } });
  assert.equal(marks.lastSlotAt?.getTime(), slot.getTime(), "the mark was written with the claim");
});
