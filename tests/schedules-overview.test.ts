// Schedules overview API: every live agent's schedules for any signed-in person (a deleted agent's are gone), the
// runs within the 24-hour and 7-day windows as the slot clock fires them, the cap, and the minutes where runs collide.
import assert from "node:assert/strict";
import test from "node:test";
import type { ScheduleOverviewDto } from "@/lib/schedules/overview-schemas";
import { setupTestEnv } from "./support/env";

setupTestEnv("schedules-overview");
const { call } = await import("./support/http");
const { createTestUser } = await import("./support/users");
const { db } = await import("@/lib/db");
const { SlotClock } = await import("@/lib/schedules/slots");
const agentsRoute = await import("@/app/api/agents/route");
const agentRoute = await import("@/app/api/agents/[name]/route");
const schedulesRoute = await import("@/app/api/agents/[name]/schedules/route");
const overviewRoute = await import("@/app/api/schedules/route");

const ann = await createTestUser("user");
const bob = await createTestUser("user");
const carol = await createTestUser("user");

async function agentWithSchedules(token: string, name: string, schedules: Record<string, unknown>[]) {
  const created = await call(agentsRoute, "POST", "/api/agents", {
    token,
    body: { name, runtime: "claude-code", start: false },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const ids: string[] = [];
  for (const body of schedules) {
    const res = await call(schedulesRoute, "POST", `/api/agents/${name}/schedules`, {
      token,
      params: { name },
      body: { message: "report", ...body },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    ids.push(res.body.schedule.id);
  }
  return ids;
}

// 09:00 UTC and 18:00 in Tokyo (UTC+9, no daylight saving) are the same minute every day; every minute meets both.
const [morningId] = await agentWithSchedules(ann.token, "ann-agent", [
  { name: "morning", cron: "0 9 * * *", timezone: "UTC" },
  { name: "off", cron: "0 9 * * *", timezone: "UTC", enabled: false },
]);
await agentWithSchedules(bob.token, "bob-agent", [
  { name: "tokyo-evening", cron: "0 18 * * *", timezone: "Asia/Tokyo" },
  { name: "every-minute", cron: "* * * * *", timezone: "UTC" },
]);
await agentWithSchedules(bob.token, "gone-agent", [{ name: "ghost", cron: "0 9 * * *" }]);
const removed = await call(agentRoute, "DELETE", "/api/agents/gone-agent", {
  token: bob.token,
  params: { name: "gone-agent" },
});
assert.ok(removed.status < 300, JSON.stringify(removed.body));

const morningAgent = await db.agent.findUniqueOrThrow({ where: { name: "ann-agent" } });
await db.execution.create({
  data: { agentId: morningAgent.id, scheduleId: morningId, trigger: "schedule", status: "failed", message: "report" },
});

function overview(window?: string, signedIn = true) {
  const search = window === undefined ? "" : `?${new URLSearchParams({ window })}`;
  return call(overviewRoute, "GET", `/api/schedules${search}`, signedIn ? { token: carol.token } : {});
}

async function overviewOk(window?: string) {
  const res = await overview(window);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
}

const byName = (body: ScheduleOverviewDto, name: string) => {
  const found = body.schedules.find((s) => s.name === name);
  assert.ok(found, `${name} is listed`);
  return found;
};

test("any signed-in person sees every live agent's schedules, by agent then name; a deleted agent's are gone", async () => {
  const body = await overviewOk();
  assert.deepEqual(
    body.schedules.map((s: { agentName: string; name: string }) => `${s.agentName}/${s.name}`),
    ["ann-agent/morning", "ann-agent/off", "bob-agent/every-minute", "bob-agent/tokyo-evening"],
  );
  const morning = byName(body, "morning");
  assert.equal(morning.cronDescription, "At 09:00");
  assert.equal(morning.timezone, "UTC");
  assert.equal(morning.enabled, true);
  assert.equal(morning.lastStatus, "failed");
  assert.equal(byName(body, "tokyo-evening").lastStatus, null);
  const off = byName(body, "off");
  assert.equal(off.enabled, false);
  assert.equal(off.nextRunAt, null);
  assert.deepEqual(off.upcoming, [], "a schedule that is off has no upcoming runs");
});

test("24h window: the runs the slot clock fires in it, the next run first; the every-minute schedule is capped", async () => {
  const body = await overviewOk("24h");
  assert.equal(body.window, "24h");
  const from = new Date(body.from);
  const until = new Date(body.until);
  assert.equal(until.getTime() - from.getTime(), 24 * 3600_000);
  const morning = byName(body, "morning");
  const expected = new SlotClock("0 9 * * *", "UTC").between(from, until, 10).map((d) => d.toISOString());
  assert.equal(expected.length, 1);
  assert.deepEqual(morning.upcoming, expected);
  assert.equal(morning.nextRunAt, expected[0]);
  assert.equal(morning.upcomingCapped, false);
  const everyMinute = byName(body, "every-minute");
  assert.equal(everyMinute.upcoming.length, 200);
  assert.equal(everyMinute.upcomingCapped, true);
});

test("7d window: seven daily runs", async () => {
  const body = await overviewOk("7d");
  assert.equal(new Date(body.until).getTime() - new Date(body.from).getTime(), 7 * 24 * 3600_000);
  const tokyo = byName(body, "tokyo-evening");
  assert.equal(tokyo.upcoming.length, 7);
  assert.ok(
    tokyo.upcoming.every((at: string) => at.endsWith("T09:00:00.000Z")),
    "18:00 in Tokyo is 09:00 UTC",
  );
});

test("collisions: the minutes in which two or more schedules run, naming them", async () => {
  const body = await overviewOk("7d");
  const at0900 = body.collisions.filter((c: { at: string }) => c.at.endsWith("T09:00:00.000Z"));
  assert.equal(at0900.length, 7, "every day at 09:00 UTC, morning and tokyo-evening meet");
  for (const c of at0900) {
    const names = c.schedules.map((s: { agentName: string; name: string }) => `${s.agentName}/${s.name}`).sort();
    assert.ok(names.includes("ann-agent/morning") && names.includes("bob-agent/tokyo-evening"), names.join());
    assert.ok(!names.includes("ann-agent/off"), "a schedule that is off collides with nothing");
  }
  // The capped every-minute schedule meets the others only within its first 200 runs; every collision has 2+.
  assert.ok(body.collisions.every((c: { schedules: unknown[] }) => c.schedules.length >= 2));
  const sorted = [...body.collisions].sort((a: { at: string }, b: { at: string }) => a.at.localeCompare(b.at));
  assert.deepEqual(body.collisions, sorted, "oldest first");
});

test("bad window: 400 naming it; without sign-in: 401", async () => {
  const bad = await overview("30d");
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.details[0].field, "window");
  assert.match(bad.body.error.details[0].message, /24h.*7d/);
  const stranger = await overview("24h", false);
  assert.equal(stranger.status, 401);
});
