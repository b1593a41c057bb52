// Another connection holding the database's write lock (a backup, the sqlite3 shell, a migration: SQLite's
// `BEGIN IMMEDIATE`, PostgreSQL's `LOCK TABLE`): every slot of every schedule is still either run or recorded as missed
// with the reason, and a request that needs to write answers 503 with Retry-After instead of hanging or failing with
// a 500 (PostgreSQL: the connections' lock_timeout, CADRE_DB_BUSY_TIMEOUT_MS).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import path from "node:path";
import { after, test } from "node:test";
import Database from "better-sqlite3";
import { testDatabaseKind } from "./support/database";
import { migrate, ROOT } from "./support/env";
import { startStack } from "./support/stack";
import { stateWaiter } from "./support/wait";

const stack = await startStack("db-lock", { CADRE_SCHEDULER_POLL_SECONDS: "2" });
const { createDb, db, sqlitePath } = await import("@/lib/db");
const { isBusyError } = await import("@/lib/db/errors");
const { call } = await import("./support/http");
const { createTestUser } = await import("./support/users");
const agentsRoute = await import("@/app/api/agents/route");
const schedulesRoute = await import("@/app/api/agents/[name]/schedules/route");
const schedules = await import("@/lib/schedules/schedules");
const { ScheduleCreateInput, ScheduleUpdateInput } = await import("@/lib/schedules/schemas");
const { scheduleForArming } = await import("@/lib/schedules/firing");
const { createScheduler } = await import("@/worker/scheduler");

after(() => stack.stop());

const admin = await createTestUser("admin");
const who = { userId: admin.id, email: admin.email, name: "admin", role: "admin" as const, via: "token" as const };
const iso = (ms: number) => new Date(ms).toISOString();
const postgres = testDatabaseKind() === "postgres";

const waitFor = stateWaiter(() => stack.worker.output(), 60_000);

/** The tables a lock covers on PostgreSQL: those firing a slot and changing a schedule write. */
const LOCKED_TABLES = `"Schedule", "Execution", "Event"`;

/**
 * Holds the write lock of the test's database from another process for `ms`, as an outside tool would. A separate
 * process, so the hold does not depend on this process's event loop (the web's database calls run in it). SQLite:
 * `BEGIN IMMEDIATE`, which stops every writer and no reader. PostgreSQL: `LOCK TABLE … IN ACCESS EXCLUSIVE MODE`,
 * which stops readers as well, or with `readers: true` in EXCLUSIVE mode, which stops writers only (as SQLite's lock).
 */
function holdWriteLock(ms: number, opts: { readers?: boolean } = {}) {
  const mode = opts.readers ? "EXCLUSIVE" : "ACCESS EXCLUSIVE";
  const script = postgres
    ? `
    const pg = require("pg");
    const c = new pg.Client({ connectionString: process.env.LOCK_URL });
    (async () => {
      await c.connect();
      await c.query("BEGIN");
      await c.query(process.env.LOCK_SQL);
      console.log("locked " + Date.now());
      setTimeout(async () => { await c.query("ROLLBACK"); await c.end(); console.log("released " + Date.now()); }, Number(process.env.LOCK_MS));
    })();`
    : `
    const Database = require("better-sqlite3");
    const db = new Database(process.env.LOCK_FILE, { timeout: 30000 });
    db.exec("BEGIN IMMEDIATE");
    console.log("locked " + Date.now());
    setTimeout(() => { db.exec("ROLLBACK"); db.close(); console.log("released " + Date.now()); }, Number(process.env.LOCK_MS));`;
  const proc = spawn(process.execPath, ["-e", script], {
    cwd: ROOT,
    env: {
      ...process.env,
      LOCK_MS: String(ms),
      ...(postgres
        ? { LOCK_URL: stack.env.databaseUrl, LOCK_SQL: `LOCK TABLE ${LOCKED_TABLES} IN ${mode} MODE` }
        : { LOCK_FILE: sqlitePath(stack.env.databaseUrl) }),
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  const line = (word: string) =>
    new Promise<number>((resolve, reject) => {
      const check = () => {
        const m = new RegExp(`${word} (\\d+)`).exec(out);
        if (m) resolve(Number(m[1]));
      };
      proc.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        check();
      });
      proc.once(
        "exit",
        (code) => (check(), reject(new Error(`the lock holder exited (${code}) before "${word}": ${out}`))),
      );
    });
  return { locked: line("locked"), released: line("released") };
}

async function createAgent(name: string) {
  const res = await call(agentsRoute, "POST", "/api/agents", {
    token: admin.token,
    body: { name, runtime: "command", command: "true" },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.agent as { id: string; name: string };
}

type Made = { id: string; agent: string; policy: string };

/** Every-second schedules, each on its own agent, with both catch-up policies and overlap policies. */
async function everySecondSchedules(prefix: string): Promise<Made[]> {
  const variants = [
    { catchUpPolicy: "latest", overlapPolicy: "skip" },
    { catchUpPolicy: "latest", overlapPolicy: "skip" },
    { catchUpPolicy: "latest", overlapPolicy: "queue" },
    { catchUpPolicy: "none", overlapPolicy: "skip" },
    { catchUpPolicy: "none", overlapPolicy: "allow" },
  ];
  const made: Made[] = [];
  for (const [i, v] of variants.entries()) {
    const agent = await createAgent(`${prefix}-${i}`);
    const input = ScheduleCreateInput.parse({ name: `${prefix}-${i}`, message: "tick", cron: "* * * * * *", ...v });
    const dto = await schedules.createSchedule(agent.name, input, who);
    made.push({ id: dto.id, agent: agent.name, policy: `${v.catchUpPolicy}/${v.overlapPolicy}` });
  }
  return made;
}

const firstSlots = (made: Made[], from: number) =>
  Promise.all(
    made.map((s) =>
      db.execution.findFirst({
        where: { scheduleId: s.id, scheduledFor: { gte: new Date(from) } },
        orderBy: { scheduledFor: "asc" },
      }),
    ),
  );

/**
 * Creates the schedules, lets them run, holds the lock for `holdMs`, lets them run on after it, then checks that each
 * second of the window has exactly one first attempt per schedule, finished, and that a slot not run says why.
 */
async function slotsAccountedFor(prefix: string, holdMs: number) {
  const made = await everySecondSchedules(prefix);
  const armedAt = Date.now();
  const firsts = await waitFor("a first run of each schedule", async () => {
    const rows = await firstSlots(made, armedAt);
    return rows.every(Boolean) ? rows : null;
  });
  const from = Math.max(...firsts.map((r) => r!.scheduledFor!.getTime()));

  const lock = holdWriteLock(holdMs);
  const lockedAt = await lock.locked;
  const releasedAt = await lock.released;
  // Runs go on after the lock: each schedule has claimed a slot well after it was released.
  const to = Math.ceil((releasedAt + 3_000) / 1000) * 1000;
  await waitFor("slots after the lock", async () => (await firstSlots(made, to)).every(Boolean));
  for (const s of made)
    await schedules.updateSchedule(s.agent, s.id, ScheduleUpdateInput.parse({ enabled: false }), who);

  const window = (to - from) / 1000 + 1;
  const report: string[] = [];
  for (const s of made) {
    const rows = await waitFor(`the slots of ${s.policy} to finish`, async () => {
      const r = await db.execution.findMany({
        where: { scheduleId: s.id, attempt: 1, scheduledFor: { gte: new Date(from), lte: new Date(to) } },
        orderBy: { scheduledFor: "asc" },
      });
      return r.every((e) => e.finishedAt) ? r : null;
    });
    const bySlot = new Map<number, typeof rows>();
    for (const r of rows) bySlot.set(r.scheduledFor!.getTime(), [...(bySlot.get(r.scheduledFor!.getTime()) ?? []), r]);
    const unaccounted: string[] = [];
    for (let slot = from; slot <= to; slot += 1000) if (!bySlot.has(slot)) unaccounted.push(iso(slot));
    const twice = [...bySlot].filter(([, rs]) => rs.length > 1).map(([slot]) => iso(slot));
    const ran = rows.filter((r) => r.status !== "skipped");
    const skipped = rows.filter((r) => r.status === "skipped");
    const missed = skipped.filter((r) => /^missed/.test(r.error ?? ""));
    report.push(
      `${s.policy}: ${window} slots, ${ran.length} ran, ${skipped.length - missed.length} skipped (overlap), ${missed.length} missed`,
    );
    assert.deepEqual(
      unaccounted,
      [],
      `${s.policy}: slots with no record (lock ${iso(lockedAt)} to ${iso(releasedAt)})`,
    );
    assert.deepEqual(twice, [], `${s.policy}: slots recorded twice`);
    for (const r of skipped)
      assert.ok(
        r.error && r.error.length > 0,
        `${s.policy}: ${iso(r.scheduledFor!.getTime())} skipped without a reason`,
      );
    for (const r of ran)
      assert.equal(r.status, "succeeded", `${s.policy}: ${iso(r.scheduledFor!.getTime())} ${r.status}: ${r.error}`);
    // The seconds after the lock run as usual.
    assert.ok(
      ran.some((r) => r.scheduledFor!.getTime() > releasedAt),
      `${s.policy}: nothing ran after the lock`,
    );
  }
  console.log(`# lock held ${releasedAt - lockedAt} ms; ${report.join("; ")}`);
  return { made, from, to, lockedAt, releasedAt };
}

test("a 6 s outside write lock: every slot of every schedule is run or recorded with the reason", async () => {
  await slotsAccountedFor("six", 6_000);
});

test("a 20 s outside write lock, longer than the busy timeouts: every slot is run or recorded with the reason", async () => {
  const { made } = await slotsAccountedFor("twenty", 20_000);
  for (const s of made) {
    const missed = await db.execution.findMany({ where: { scheduleId: s.id, error: { startsWith: "missed" } } });
    // Slots refused until they were late beyond the tolerance follow the catch-up policy; the rest ran late.
    assert.ok(missed.length > 0, `${s.policy}: no slot was late enough to be caught up`);
    console.log(`# ${s.policy}: ${missed[0].error}`);
    const [catchUp] = s.policy.split("/");
    for (const r of missed) {
      assert.equal(r.status, "skipped");
      assert.match(
        r.error ?? "",
        /^missed: the database was busy \(another connection held its write lock\); catch-up policy "(latest|none)"/,
      );
      assert.ok(r.error!.includes(`"${catchUp}"`), `${s.policy}: ${r.error}`);
    }
    if (catchUp === "latest") {
      // The one run the policy makes is the most recent of the slots it caught up, and it ran.
      const ran = new Set(missed.map((r) => /ran the most recent missed slot, (\S+)$/.exec(r.error!)?.[1]));
      assert.equal(ran.size, 1, `${s.policy}: ${[...ran].join(", ")}`);
      const slot = new Date([...ran][0]!);
      const row = await db.execution.findFirstOrThrow({ where: { scheduleId: s.id, scheduledFor: slot, attempt: 1 } });
      assert.ok(!row.error?.startsWith("missed"), `${s.policy}: the catch-up slot ${slot.toISOString()} was not run`);
      assert.ok(
        missed.every((r) => r.scheduledFor! < slot),
        `${s.policy}: a slot after the catch-up run was recorded missed`,
      );
    }
  }
});

test("a write while the lock is held answers 503 with Retry-After, and nothing is written", async () => {
  const agent = await createAgent("locked-writes");
  const lock = holdWriteLock(15_000, { readers: true });
  await lock.locked;
  const url = `/api/agents/${agent.name}/schedules`;
  const req = new Request(new URL(url, "http://localhost:3000"), {
    method: "POST",
    headers: { authorization: `Bearer ${admin.token}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "while-locked", cron: "0 9 * * *", message: "hello" }),
  });
  const t0 = Date.now();
  const res = await schedulesRoute.POST(req, { params: Promise.resolve({ name: agent.name }) });
  const ms = Date.now() - t0;
  assert.equal(res.status, 503, await res.clone().text());
  assert.deepEqual(await res.json(), {
    error: { code: "unavailable", message: "The database is busy; try again shortly" },
  });
  const retryAfter = Number(res.headers.get("retry-after"));
  assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1, `Retry-After: ${res.headers.get("retry-after")}`);
  assert.ok(ms < 10_000, `the request waited ${ms} ms`);
  // Reads do not need the write lock: the list still answers.
  const list = await call(schedulesRoute, "GET", url, { token: admin.token, params: { name: agent.name } });
  assert.equal(list.status, 200);
  await lock.released;
  assert.equal(await db.schedule.count({ where: { name: "while-locked" } }), 0, "the refused write left a row");
  const again = await call(schedulesRoute, "POST", url, {
    token: admin.token,
    params: { name: agent.name },
    body: { name: "while-locked", cron: "0 9 * * *", message: "hello" },
  });
  assert.equal(again.status, 201, "the same request succeeds once the lock is gone");
});

test("isBusyError knows each shape a busy database takes through Prisma's SQLite adapter, and nothing else", async () => {
  // A SQLite file of its own, whatever database the run is for.
  const url = `file:${path.join(stack.env.dir, "busy-probe.db")}`;
  migrate(url);
  const client = createDb(url);
  await client.$queryRawUnsafe("PRAGMA busy_timeout = 50");
  const holder = new Database(sqlitePath(url), { timeout: 10_000 });
  holder.pragma("journal_mode = WAL"); // as Cadre's processes open it
  const caught = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
    } catch (err) {
      return err as { code?: string };
    }
    throw new Error("no error");
  };
  try {
    await client.setting.findMany(); // connects before the lock is taken
    holder.exec("BEGIN IMMEDIATE");
    const model = await caught(() => client.setting.create({ data: { key: "busy-probe", value: "1" } }));
    const raw = await caught(() => client.$executeRawUnsafe(`UPDATE "Setting" SET "value" = '2' WHERE "key" = 'none'`));
    const batch = await caught(() =>
      client.$transaction([client.$executeRawUnsafe(`UPDATE "Setting" SET "value" = '2' WHERE "key" = 'none'`)]),
    );
    const other = new Database(sqlitePath(url), { timeout: 50 });
    const direct = await caught(async () => other.exec("BEGIN IMMEDIATE")).finally(() => other.close());
    holder.exec("ROLLBACK");
    // A transaction's snapshot overtaken by another connection's write: refused at once, with the extended code.
    // Cadre's own transactions begin IMMEDIATE and never meet it; another program's deferred ones do.
    const reader = new Database(sqlitePath(url), { timeout: 50 });
    const snapshot = await caught(async () => {
      reader.exec("BEGIN");
      reader.prepare(`SELECT COUNT(*) FROM "Setting"`).get();
      holder.exec(`INSERT INTO "Setting" ("key", "value", "updatedAt") VALUES ('overtaken', '1', 0)`);
      reader.exec(`INSERT INTO "Setting" ("key", "value", "updatedAt") VALUES ('snapshot-probe', '1', 0)`);
    }).finally(() => (reader.inTransaction && reader.exec("ROLLBACK"), reader.close()));
    assert.deepEqual(
      [model.code, raw.code, batch.code, direct.code, snapshot.code],
      ["P1008", "P2010", "P2010", "SQLITE_BUSY", "SQLITE_BUSY_SNAPSHOT"],
    );
    for (const err of [model, raw, batch, direct, snapshot]) assert.equal(isBusyError(err), true, JSON.stringify(err));

    const unique = await caught(() => client.setting.create({ data: { key: "overtaken", value: "1" } }));
    const noTable = await caught(() => client.$executeRawUnsafe(`UPDATE "NoSuchTable" SET "a" = 1`));
    assert.deepEqual([unique.code, noTable.code], ["P2002", "P2010"]);
    for (const err of [unique, noTable, new Error("database is locked"), null, "SQLITE_BUSY"])
      assert.equal(isBusyError(err), false, String(err));
  } finally {
    if (holder.inTransaction) holder.exec("ROLLBACK");
    holder.exec(`DELETE FROM "Setting" WHERE "key" = 'overtaken'`);
    holder.close();
    await client.$disconnect();
  }
});

test("a long gap is recorded in bounded rows: its last 100 slots one by one and one row standing for the rest", async () => {
  // Only this scheduler sees the schedule: the stack's worker is stopped first, as after a long downtime.
  await stack.killWorker("SIGTERM");
  const agent = await createAgent("long-gap");
  const lastSlotAt = new Date(Math.floor(Date.now() / 1000) * 1000 - 3_600_000);
  const row = await db.schedule.create({
    data: { agentId: agent.id, name: "long-gap", cron: "* * * * * *", timezone: "UTC", message: "tick", lastSlotAt },
    select: scheduleForArming,
  });
  const at = new Date();
  const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const scheduler = createScheduler({
    db,
    webUrl: stack.webUrl,
    secret: stack.env.internalSecret,
    log: quiet,
    timers: false,
    now: () => at,
  });
  scheduler.arm([row], { catchUp: true });
  await scheduler.tick();
  await scheduler.idle();
  const rows = await db.execution.findMany({ where: { scheduleId: row.id }, orderBy: { scheduledFor: "asc" } });
  const latest = new Date(Math.floor(at.getTime() / 1000) * 1000);
  const brief = (e?: (typeof rows)[number]) => [e?.scheduledFor?.toISOString(), e?.status, e?.error];
  assert.equal(
    rows.length,
    101,
    `the last 100 slots (the latest one run) and one row for the older ones: ${JSON.stringify([rows[0], rows.at(-1)].map(brief))}`,
  );
  const [summary, ...last] = rows;
  assert.equal(summary.scheduledFor!.getTime(), lastSlotAt.getTime() + 1000, "the first row is the first missed slot");
  const upTo = new Date(latest.getTime() - 100_000).toISOString();
  assert.equal(
    summary.error,
    `missed, with every slot up to ${upTo}: the worker was not running; catch-up policy "latest" ran the most recent missed slot, ${latest.toISOString()}`,
  );
  assert.ok(
    last.every((e, i) => e.scheduledFor!.getTime() === latest.getTime() - (99 - i) * 1000),
    "the last 100 slots, one row each",
  );
  const reason = `missed: the worker was not running; catch-up policy "latest" ran the most recent missed slot, ${latest.toISOString()}`;
  assert.ok(
    last.slice(0, 99).every((e) => e.status === "skipped" && e.error === reason),
    JSON.stringify(
      last
        .slice(0, 99)
        .map(brief)
        .find((b) => b[2] !== reason),
    ),
  );
  assert.notEqual(last[99].status, "skipped", "the most recent slot runs");
  assert.equal(
    (await db.schedule.findUniqueOrThrow({ where: { id: row.id } })).lastSlotAt!.getTime(),
    latest.getTime(),
  );
  await scheduler.stop();
  await db.schedule.update({ where: { id: row.id }, data: { enabled: false } });
});
