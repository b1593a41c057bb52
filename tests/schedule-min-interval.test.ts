// The minimum interval between a schedule's runs: an admin sets it in Settings (60 s until then); a schedule whose
// expression runs closer than that is refused with a 400 naming cron and the minimum, on create and when its
// expression changes; admins are exempt. The shortest gap is computed from the expression, checked against croner.
import assert from "node:assert/strict";
import { test } from "node:test";
import { setupTestEnv } from "./support/env";

setupTestEnv("schedule-min-interval");
const { call } = await import("./support/http");
const { createTestUser } = await import("./support/users");
const { db } = await import("@/lib/db");
const { nextRunTimes, shortestGapSeconds } = await import("@/lib/schedules/cron-spec");
const agentsRoute = await import("@/app/api/agents/route");
const schedulesRoute = await import("@/app/api/agents/[name]/schedules/route");
const scheduleRoute = await import("@/app/api/agents/[name]/schedules/[id]/route");
const settingsRoute = await import("@/app/api/settings/route");

const admin = await createTestUser("admin");
const owner = await createTestUser("user");
const agent = await call(agentsRoute, "POST", "/api/agents", {
  token: owner.token,
  body: { name: "owned", runtime: "claude-code", start: false },
});
assert.equal(agent.status, 201, JSON.stringify(agent.body));

let n = 0;
const create = (cron: string, token = owner.token) =>
  call(schedulesRoute, "POST", "/api/agents/owned/schedules", {
    token,
    params: { name: "owned" },
    body: { name: `s${++n}`, cron, message: "m" },
  });
const edit = (id: string, body: Record<string, unknown>, token = owner.token) =>
  call(scheduleRoute, "PUT", `/api/agents/owned/schedules/${id}`, { token, params: { name: "owned", id }, body });
const setMinimum = (seconds: unknown, token = admin.token) =>
  call(settingsRoute, "PUT", "/api/settings", { token, body: { scheduleMinIntervalSeconds: seconds } });

function assertTooOften(res: { status: number; body: any }, gap: RegExp, minimum: number, minimumText: string) {
  assert.equal(res.status, 400, JSON.stringify(res.body));
  assert.equal(res.body.error.code, "validation_failed");
  const [detail] = res.body.error.details;
  assert.equal(detail.field, "cron");
  assert.equal(detail.minimumSeconds, minimum);
  assert.match(detail.message, gap);
  assert.match(detail.message, new RegExp(`the minimum time between runs is ${minimumText}`));
  assert.match(res.body.error.message, /^Cron expression runs /);
}

test("by default a non-admin's schedule may run at most once a minute; admins are exempt", async () => {
  const settings = await call(settingsRoute, "GET", "/api/settings", { token: admin.token });
  assert.deepEqual(settings.body.schedules, { minIntervalSeconds: 60 });

  const before = await db.schedule.count();
  assertTooOften(await create("*/10 * * * * *"), /runs 10 seconds apart/, 60, "1 minute");
  assertTooOften(await create("0,30 * * * * *"), /runs 30 seconds apart/, 60, "1 minute");
  assert.equal(await db.schedule.count(), before);

  assert.equal((await create("* * * * *")).status, 201);
  assert.equal((await create("0 9 * * 1-5")).status, 201);
  // The admin's own change: every second, on the owner's agent.
  assert.equal((await create("* * * * * *", admin.token)).status, 201);
});

test("an edit is checked when its expression changes; the rest of a schedule edits as before", async () => {
  const byAdmin = await create("*/5 * * * * *", admin.token);
  assert.equal(byAdmin.status, 201);
  const id = byAdmin.body.schedule.id;
  // The owner may still edit the message of a schedule an admin made run often.
  assert.equal((await edit(id, { message: "changed" })).status, 200);
  const mine = (await create("0 * * * *")).body.schedule;
  assertTooOften(
    await edit(mine.id, { cron: "*/15 * * * * *", message: "never written" }),
    /runs 15 seconds apart/,
    60,
    "1 minute",
  );
  const row = await db.schedule.findUniqueOrThrow({ where: { id: mine.id } });
  assert.equal(row.cron, "0 * * * *");
  assert.equal(row.message, "m");
  assert.equal((await edit(mine.id, { cron: "*/2 * * * *" })).status, 200);
});

test("an admin sets the minimum in Settings; irregular expressions are judged by their closest runs", async () => {
  const saved = await setMinimum(600);
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
  assert.deepEqual(saved.body.schedules, { minIntervalSeconds: 600 });
  assert.deepEqual((await call(settingsRoute, "GET", "/api/settings", { token: admin.token })).body.schedules, {
    minIntervalSeconds: 600,
  });

  assertTooOften(await create("*/5 * * * *"), /runs 5 minutes apart/, 600, "10 minutes");
  // Twice an hour, but the two runs only 5 minutes apart.
  assertTooOften(await create("0,5 * * * *"), /runs 5 minutes apart/, 600, "10 minutes");
  // 23:59 and 00:00 the next day are a minute apart.
  assertTooOften(await create("0 0,59 0,23 * * *"), /runs 1 minute apart/, 600, "10 minutes");
  assert.equal((await create("*/10 * * * *")).status, 201);
  assert.equal((await create("0 9,17 * * *")).status, 201);

  assert.equal((await setMinimum(1)).status, 200);
  assert.equal((await create("* * * * * *")).status, 201);
  assert.equal((await setMinimum(60)).status, 200);
});

test("the setting: whole seconds from 1 to a day, admins only, no unknown keys", async () => {
  for (const bad of [0, -5, 1.5, 86_401, "60", null]) {
    const res = await setMinimum(bad);
    assert.equal(res.status, 400, `${JSON.stringify(bad)}: ${JSON.stringify(res.body)}`);
    assert.equal(res.body.error.details[0].field, "scheduleMinIntervalSeconds");
  }
  assert.equal((await setMinimum(120, owner.token)).status, 403);
  const unknown = await call(settingsRoute, "PUT", "/api/settings", { token: admin.token, body: { minInterval: 5 } });
  assert.equal(unknown.status, 400);
  assert.equal(unknown.body.error.details[0].field, "minInterval");
  assert.deepEqual((await call(settingsRoute, "GET", "/api/settings", { token: admin.token })).body.schedules, {
    minIntervalSeconds: 60,
  });
  // The Anthropic part is changed on its own, and leaves the minimum alone.
  const anthropic = await call(settingsRoute, "PUT", "/api/settings", {
    token: admin.token,
    body: { anthropicBaseUrl: "https://example.com" },
  });
  assert.equal(anthropic.status, 200);
  assert.deepEqual(anthropic.body.schedules, { minIntervalSeconds: 60 });
  assert.equal(anthropic.body.anthropic.baseUrl, "https://example.com");
});

test("the shortest gap agrees with croner's own run times", () => {
  const cases = [
    "* * * * * *",
    "*/10 * * * * *",
    "0,30 * * * * *",
    "0,5,10,15,20,25,30,35,40,45,50,55,56 * * * * *",
    "* * * * *",
    "*/5 * * * *",
    "0,59 * * * *",
    "0,5 * * * *",
    "0 0,30 9-17 * * 1-5",
    "0 0-23/6 * * *",
    "0 0,23 * * *",
    "59 23 * * *",
    "0 9 * * *",
    "0 9 * * 1-5",
    "0 59 23 * * 0,1",
    "0 0 0 * * 0,6",
    "0 0 0 */2 * *",
    "0 0 0 1,31 * *",
    "0 9 * * 1",
    "0 0 1 * *",
  ];
  for (const expr of cases) {
    // Enough runs to go round every field of these expressions at least once.
    const runs = nextRunTimes(expr, "UTC", 4000, new Date("2027-01-01T00:00:00Z"));
    let closest = Infinity;
    for (let i = 1; i < runs.length; i++)
      closest = Math.min(closest, (runs[i].getTime() - runs[i - 1].getTime()) / 1000);
    assert.equal(shortestGapSeconds(expr), closest, expr);
  }
  // Too rare for a sample, read from the calendar: February 29th.
  assert.equal(shortestGapSeconds("0 0 29 2 *"), 1461 * 86400);
});
