// Two workers run the scheduler on the same database at once: every slot of every schedule is claimed exactly once
// (the slot's unique key), and a schedule disabled through the API stops firing on both as soon as each has heard
// the change from the outbox (within a second on an idle machine; the benchmark measures it).
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { startStack } from "./support/stack";
import { stateWaiter } from "./support/wait";
import { startWorker } from "./support/worker";

const stack = await startStack("scheduler-workers", { CADRE_SCHEDULER_POLL_SECONDS: "30" });
const second = await startWorker({
  CADRE_WEB_URL: stack.webUrl,
  CADRE_WORKER_HEARTBEAT_MS: "500",
  CADRE_WORKER_DOWN_AFTER_MS: "5000",
});
const { db } = await import("@/lib/db");
const { call } = await import("./support/http");
const { createTestUser } = await import("./support/users");
const agentsRoute = await import("@/app/api/agents/route");
const schedulesRoute = await import("@/app/api/agents/[name]/schedules/route");
const disableRoute = await import("@/app/api/agents/[name]/schedules/[id]/disable/route");

after(async () => {
  await second.stop();
  await stack.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const workers = () => [
  { name: "first", output: stack.worker.output() },
  { name: "second", output: second.output() },
];

// Both workers' output tails, so a timeout shows what each was doing.
const waitFor = stateWaiter(
  () =>
    workers()
      .map((w) => `${w.name}:\n${w.output.slice(-1500)}`)
      .join("\n"),
  60_000,
);

/** When a worker logged a line about this schedule (ms), or null. */
function loggedAt(output: string, scheduleId: string, what: RegExp): number | null {
  for (const line of output.split("\n")) {
    if (!line.includes(scheduleId)) continue;
    try {
      const entry = JSON.parse(line) as { time: string; message: string };
      if (what.test(entry.message)) return Date.parse(entry.time);
    } catch {
      // not a log line
    }
  }
  return null;
}

test("two schedulers, 20 every-second schedules: each slot claimed once; a disabled schedule stops on both once they heard it", async () => {
  const admin = await createTestUser("admin");
  const created = await call(agentsRoute, "POST", "/api/agents", {
    token: admin.token,
    body: { name: "busy", runtime: "command", command: "true", concurrencyLimit: 32 },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const ids: string[] = [];
  for (let i = 0; i < 20; i++) {
    const res = await call(schedulesRoute, "POST", "/api/agents/busy/schedules", {
      token: admin.token,
      params: { name: "busy" },
      body: { name: `every-${i}`, cron: "* * * * * *", message: "tick", overlapPolicy: "allow" },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    ids.push(res.body.schedule.id);
  }
  // Both have armed every schedule (each says so when it hears the schedule's creation).
  await waitFor("both workers to arm the schedules", async () =>
    workers().every((w) => ids.every((id) => loggedAt(w.output, id, /\) armed: /) !== null)),
  );
  const armedAt = Math.max(...workers().flatMap((w) => ids.map((id) => loggedAt(w.output, id, /\) armed: /)!)));
  const from = Math.ceil((armedAt + 1) / 1000) * 1000;

  // About ten seconds of slots.
  const to = from + 10_000;
  await waitFor("ten seconds of slots of every schedule", async () => {
    const rows = await db.execution.groupBy({
      by: ["scheduleId"],
      where: { scheduleId: { in: ids }, scheduledFor: { gte: new Date(to) } },
      _count: true,
    });
    return rows.length === ids.length;
  });

  // One schedule is disabled through the API; each worker says when it heard the change.
  const [stopped, ...running] = ids;
  const disabled = await call(disableRoute, "POST", `/api/agents/busy/schedules/${stopped}/disable`, {
    token: admin.token,
    params: { name: "busy", id: stopped },
  });
  assert.equal(disabled.status, 200, JSON.stringify(disabled.body));
  const changedAt = Date.now();
  const heard = await waitFor("both workers to hear the disable", async () => {
    const at = workers().map((w) => loggedAt(w.output, stopped, /disarmed/));
    return at.every((t) => t !== null) ? (at as number[]) : null;
  });
  // Within a second on an idle machine (the benchmark's figure); the bound here only catches a change heard at a
  // resync instead of from the outbox, which a loaded machine cannot fake.
  console.log(`# disable heard by the workers after ${heard.map((at) => at - changedAt).join(" and ")} ms`);
  for (const [i, at] of heard.entries())
    assert.ok(at - changedAt < 10_000, `worker ${i + 1} heard the change ${at - changedAt} ms after it was made`);
  const heardAt = Math.max(...heard);
  // The others go on firing for a few more seconds meanwhile.
  const later = Math.ceil(heardAt / 1000) * 1000 + 3_000;
  await waitFor("three more seconds of the other schedules", async () => {
    const rows = await db.execution.groupBy({
      by: ["scheduleId"],
      where: { scheduleId: { in: running }, scheduledFor: { gte: new Date(later) } },
      _count: true,
    });
    return rows.length === running.length;
  });
  const afterDisable = await db.execution.findMany({
    where: { scheduleId: stopped, scheduledFor: { gt: new Date(heardAt) } },
  });
  assert.deepEqual(
    afterDisable.map((e) => e.scheduledFor!.toISOString()),
    [],
    "a slot fired after both workers heard the disable",
  );

  // Every slot from the first common one on has exactly one row, whichever worker claimed it.
  const until = Math.floor(heardAt / 1000) * 1000 - 1000;
  const rows = await db.execution.findMany({
    where: { scheduleId: { in: ids }, scheduledFor: { gte: new Date(from), lte: new Date(until) } },
    select: { scheduleId: true, scheduledFor: true, attempt: true, status: true },
  });
  const perSlot = new Map<string, number>();
  for (const r of rows) {
    const key = `${r.scheduleId}@${r.scheduledFor!.toISOString()}#${r.attempt}`;
    perSlot.set(key, (perSlot.get(key) ?? 0) + 1);
  }
  const missing: string[] = [];
  for (const id of ids)
    for (let slot = from; slot <= until; slot += 1000)
      if (!perSlot.has(`${id}@${new Date(slot).toISOString()}#1`))
        missing.push(`${id}@${new Date(slot).toISOString()}`);
  assert.deepEqual(missing, [], "slots with no row");
  assert.ok(
    [...perSlot.values()].every((n) => n === 1),
    "a slot has two rows",
  );
  assert.ok(
    rows.every((r) => r.status !== "skipped"),
    "every slot ran (allow overlap, no missed slot)",
  );
  const slots = (until - from) / 1000 + 1;
  assert.ok(slots >= 10, `${slots} seconds of slots`);

  // Both report their claims in the registry.
  await sleep(1_200);
  const reported = (await db.runner.findMany({ where: { stoppedAt: null } })).map(
    (r) => JSON.parse(r.stats).scheduler?.claims,
  );
  console.log(
    `# ${slots} s × ${ids.length} schedules = ${rows.length} slots; claims per worker (won/lost/failed): ${JSON.stringify(reported)}`,
  );
  for (const w of workers())
    for (const line of w.output.split("\n").filter((l) => /"level":"(warn|error)"/.test(l)))
      console.log(`# ${w.name}: ${line.slice(0, 600)}`);
});
