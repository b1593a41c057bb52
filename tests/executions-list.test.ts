// The Runs list (GET /api/executions): every filter, cursor pages without repeats or gaps, who sees what, refused
// filters, the CSV/JSON export with its formula guard and cap, and running an execution again with a real runner.
import assert from "node:assert/strict";
import test from "node:test";
import { setupTestEnv } from "./support/env";

setupTestEnv("executions-list");
const { call } = await import("./support/http");
const { waitForExecution } = await import("./support/executions");
const { createTestUser } = await import("./support/users");
const { startRunner } = await import("./support/runner");
const { db } = await import("@/lib/db");
const { exportRuns } = await import("@/lib/executions");
const agentsRoute = await import("@/app/api/agents/route");
const listRoute = await import("@/app/api/executions/route");
const exportRoute = await import("@/app/api/executions/export/route");
const rerunRoute = await import("@/app/api/executions/[id]/rerun/route");

await startRunner();
const admin = await createTestUser("admin");
const user = await createTestUser("user");
const other = await createTestUser("user");

async function createAgent(name: string) {
  const res = await call(agentsRoute, "POST", "/api/agents", {
    token: admin.token,
    body: { name, runtime: "command", command: `sh -c 'printf "done: %s" "$(cat)"'` },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.agent as { id: string; name: string };
}

const alpha = await createAgent("alpha");
const beta = await createAgent("beta");
const gone = await createAgent("gone");

const T0 = Date.parse("2026-11-01T00:00:00Z");
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
let seq = 0;
const rows: Record<string, unknown>[] = [];
function row(agentId: string, minutes: number, extra: Record<string, unknown> = {}): string {
  seq += 1;
  const id = `run${String(seq).padStart(4, "0")}`;
  rows.push({
    id,
    agentId,
    trigger: "manual",
    status: "succeeded",
    message: `task ${seq}`,
    createdAt: at(minutes),
    ...extra,
  });
  return id;
}

// alpha: 24 runs, three at each minute (ties broken by id), statuses and triggers mixed (finished ones: the runner
// would claim a queued row and mark a running one without a lease interrupted)
for (let i = 0; i < 24; i++) {
  row(alpha.id, Math.floor(i / 3), {
    trigger: i % 2 === 0 ? "manual" : "api",
    status: ["succeeded", "failed", "cancelled"][i % 3],
  });
}
const literal = row(alpha.id, 20, { message: "look for 100%_done here" });
const lookalike = row(alpha.id, 20, { message: "look for 100xxdone here" });
const inResponse = row(alpha.id, 21, { message: "plain", response: "Found the NEEDLE" });
const formula = row(alpha.id, 22, { message: '=HYPERLINK("http://x")', response: "-2+3", error: "@SUM(A1)" });
// beta: a schedule's run and its retry
const schedule = await db.schedule.create({
  data: { agentId: beta.id, name: "nightly", cron: "0 3 * * *", message: "nightly job" },
});
const firstAttempt = row(beta.id, 30, { trigger: "schedule", status: "failed", scheduleId: schedule.id, attempt: 1 });
const retry = row(beta.id, 31, {
  trigger: "retry",
  scheduleId: schedule.id,
  attempt: 2,
  retryOfId: firstAttempt,
});
// a process run's step
const processStep = row(beta.id, 32, { trigger: "process", message: "draft the note" });
// chats: the user's own and another person's
const mine = await db.conversation.create({ data: { agentId: alpha.id, userId: user.id } });
const theirs = await db.conversation.create({ data: { agentId: alpha.id, userId: other.id } });
const myChat = row(alpha.id, 40, { trigger: "chat", conversationId: mine.id, message: "my chat" });
const theirChat = row(alpha.id, 41, { trigger: "chat", conversationId: theirs.id, message: "their chat" });
// a deleted agent's run
const goneRun = row(gone.id, 50);
await db.execution.createMany({ data: rows as never });
const proc = await db.process.create({ data: { name: "review", yaml: "name: review", definition: "{}" } });
const processRun = await db.processRun.create({
  data: { processId: proc.id, processName: "review", definition: "{}", status: "completed" },
});
await db.stepRun.create({
  data: { runId: processRun.id, stepId: "draft", type: "agent_task", status: "completed", executionId: processStep },
});
await db.agent.update({ where: { id: gone.id }, data: { deletedAt: new Date() } });

type Run = { id: string; createdAt: string; [k: string]: any };

async function list(query: Record<string, string>, token = user.token) {
  const res = await call(listRoute, "GET", `/api/executions?${new URLSearchParams(query)}`, { token });
  return res as { status: number; body: { runs: Run[]; nextCursor: string | null; error?: any } };
}

async function ids(query: Record<string, string>, token = user.token): Promise<string[]> {
  const res = await list({ limit: "100", ...query }, token);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.runs.map((r) => r.id);
}

const byNewest = (a: string, b: string) => {
  const ra = rows.find((r) => r.id === a) as { createdAt: Date };
  const rb = rows.find((r) => r.id === b) as { createdAt: Date };
  return rb.createdAt.getTime() - ra.createdAt.getTime() || (a < b ? 1 : -1);
};
const seeded = (pred: (r: Record<string, any>) => boolean) =>
  rows
    .filter(pred)
    .map((r) => r.id as string)
    .sort(byNewest);

test("everyone's runs newest first, without others' chats or deleted agents' runs", async () => {
  const all = await ids({});
  assert.deepEqual(
    all,
    seeded((r) => r.id !== theirChat && r.id !== goneRun),
  );
  assert.ok(all.includes(myChat));
  const asAdmin = await ids({}, admin.token);
  assert.ok(asAdmin.includes(theirChat), "admins see every chat");
  assert.ok(!asAdmin.includes(goneRun));
  assert.ok(!(await ids({}, other.token)).includes(myChat));
});

test("each item carries its agent, schedule, retry and process step", async () => {
  const res = await list({ limit: "100" });
  const get = (id: string) => res.body.runs.find((r) => r.id === id) as Run;
  assert.equal(get(retry).agentName, "beta");
  assert.equal(get(retry).scheduleName, "nightly");
  assert.equal(get(retry).retryOfId, firstAttempt);
  assert.deepEqual(get(processStep).process, {
    runId: processRun.id,
    processId: proc.id,
    processName: "review",
    stepId: "draft",
  });
  assert.equal(get(literal).process, null);
});

test("every filter narrows the list", async () => {
  const visible = (r: Record<string, any>) => r.id !== theirChat && r.id !== goneRun;
  assert.deepEqual(await ids({ agent: "beta" }), [processStep, retry, firstAttempt]);
  assert.deepEqual(await ids({ agent: "nobody" }), []);
  assert.deepEqual(
    await ids({ trigger: "api" }),
    seeded((r) => r.trigger === "api"),
  );
  assert.deepEqual(
    await ids({ status: "failed,cancelled" }),
    seeded((r) => visible(r) && (r.status === "failed" || r.status === "cancelled")),
  );
  assert.deepEqual(await ids({ schedule: schedule.id }), [retry, firstAttempt]);
  assert.deepEqual(await ids({ process: proc.id }), [processStep]);
  assert.deepEqual(await ids({ retryOf: firstAttempt }), [retry, firstAttempt]);
  assert.deepEqual(
    await ids({ from: at(2).toISOString(), to: at(4).toISOString() }),
    seeded((r) => r.createdAt >= at(2) && r.createdAt < at(4)),
  );
  assert.deepEqual(await ids({ q: "100%_done" }), [literal], "% and _ are taken literally");
  assert.deepEqual(await ids({ q: "needle" }), [inResponse], "the response is searched, in any case");
  assert.deepEqual(await ids({ q: "CHAT" }), [myChat], "another person's chat is not searched");
  assert.deepEqual(
    await ids({ agent: "alpha", trigger: "manual", status: "cancelled" }),
    seeded((r) => r.agentId === alpha.id && r.trigger === "manual" && r.status === "cancelled"),
  );
  assert.ok((await ids({ q: "100" })).includes(lookalike));
});

test("cursor pages cover the list once each, even when runs are added meanwhile", async () => {
  const whole = await ids({});
  const seen: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res = await list({ limit: "7", ...(cursor ? { cursor } : {}) });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.ok(res.body.runs.length <= 7);
    seen.push(...res.body.runs.map((r) => r.id));
    cursor = res.body.nextCursor;
    if (pages === 0) {
      // a new run arrives after the first page: it is newer, so it belongs before the pages already read
      await db.execution.create({ data: { id: "run9999", agentId: alpha.id, trigger: "api", message: "late" } });
    }
    pages += 1;
  } while (cursor);
  assert.deepEqual(seen, whole);
  assert.equal(pages, Math.ceil(whole.length / 7));
  await db.execution.delete({ where: { id: "run9999" } });
});

test("pages of several statuses (read a status at a time, then merged) keep the order", async () => {
  const query = { status: "cancelled,failed,succeeded", agent: "alpha" };
  const whole = await ids(query);
  assert.ok(whole.length > 20);
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const res = await list({ ...query, limit: "4", ...(cursor ? { cursor } : {}) });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    seen.push(...res.body.runs.map((r) => r.id));
    cursor = res.body.nextCursor;
  } while (cursor);
  assert.deepEqual(seen, whole);
  assert.deepEqual(
    whole,
    seeded((r) => r.agentId === alpha.id && r.id !== theirChat),
  );
});

test("a bad filter answers 400 naming the field, and nothing else", async () => {
  const cases: [Record<string, string>, string][] = [
    [{ status: "running,nope" }, "status"],
    [{ trigger: "sometimes" }, "trigger"],
    [{ from: "yesterday" }, "from"],
    [{ from: at(5).toISOString(), to: at(1).toISOString() }, "to"],
    [{ limit: "101" }, "limit"],
    [{ cursor: "not-a-cursor" }, "cursor"],
    [{ q: "   " }, "q"],
    [{ colour: "red" }, "colour"],
  ];
  for (const [query, field] of cases) {
    const res = await list(query);
    assert.equal(res.status, 400, JSON.stringify(query));
    const fields = (res.body.error.details as { field: string }[]).map((d) => d.field);
    assert.ok(
      fields.some((f) => f === field || f.startsWith(`${field}.`)),
      `${JSON.stringify(query)}: ${JSON.stringify(res.body.error)}`,
    );
  }
  const anonymous = await call(listRoute, "GET", "/api/executions");
  assert.equal(anonymous.status, 401);
});

async function download(query: Record<string, string>, token = user.token) {
  const url = new URL(`/api/executions/export?${new URLSearchParams(query)}`, "http://localhost:3000");
  const handler = exportRoute.GET as unknown as (req: Request, ctx: unknown) => Promise<Response>;
  const res = await handler(new Request(url, { headers: { authorization: `Bearer ${token}` } }), {
    params: Promise.resolve({}),
  });
  return { res, text: await res.text() };
}

test("the export is the filtered list as CSV, with formulas made text", async () => {
  const { res, text } = await download({ agent: "alpha", format: "csv" });
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type") ?? "", /^text\/csv/);
  assert.match(res.headers.get("content-disposition") ?? "", /^attachment; filename="cadre-runs-.*\.csv"$/);
  assert.equal(res.headers.get("x-cadre-truncated"), "false");
  const lines = text.trimEnd().split("\r\n");
  assert.equal(lines[0].split(",")[0], "id");
  assert.ok(lines[0].includes("message"));
  assert.equal(lines.length - 1, (await ids({ agent: "alpha" })).length);
  const line = lines.find((l) => l.startsWith(`${formula},`)) as string;
  assert.ok(line.includes(`"'=HYPERLINK(""http://x"")"`), line);
  assert.ok(line.includes(",'-2+3,"), line);
  assert.ok(line.includes(",'@SUM(A1)"), line);
  assert.ok(!text.includes("their chat"), "another person's chat is not exported");
});

test("the JSON export holds the same runs and says when it was cut at the cap", async () => {
  const { res, text } = await download({ format: "json", trigger: "api" });
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-disposition") ?? "", /\.json"$/);
  const body = JSON.parse(text);
  assert.equal(body.truncated, false);
  assert.equal(body.cap, 10_000);
  assert.deepEqual(
    body.runs.map((r: Run) => r.id),
    await ids({ trigger: "api" }),
  );
  const who = { userId: user.id, role: "user" as const, via: "token" as const };
  const cut = await exportRuns({}, who as never, 5);
  assert.equal(cut.truncated, true);
  assert.deepEqual(
    cut.runs.map((r) => r.id),
    (await ids({})).slice(0, 5),
  );
  const whole = await exportRuns({ agent: "beta" }, who as never, 3);
  assert.equal(whole.truncated, false);
  assert.equal(whole.runs.length, 3);
  const bad = await download({ format: "xml" });
  assert.equal(bad.res.status, 400);
});

function rerun(id: string, token = user.token) {
  return call(rerunRoute, "POST", `/api/executions/${id}/rerun`, { token, params: { id } });
}

test("Re-run queues the same message, model and agent as a manual run of the asker", async () => {
  await db.execution.update({ where: { id: literal }, data: { model: "haiku" } });
  const res = await rerun(literal);
  assert.equal(res.status, 202, JSON.stringify(res.body));
  assert.equal(res.body.id, res.body.execution.id);
  const done = await waitForExecution(user.token, res.body.id);
  assert.equal(done.status, "succeeded", JSON.stringify(done));
  assert.equal(done.message, "look for 100%_done here");
  assert.equal(done.agentName, "alpha");
  assert.equal(done.trigger, "manual");
  assert.equal(done.createdById, user.id);
  assert.equal(done.response, "done: look for 100%_done here");
  assert.equal((await ids({}))[0], res.body.id, "the new run heads the list");
});

test("Re-run refuses chat turns, others' chats and runs of deleted or stopped agents", async () => {
  const chat = await rerun(myChat);
  assert.equal(chat.status, 409);
  assert.match(chat.body.error.message, /chat/);
  assert.equal((await rerun(theirChat)).status, 404);
  assert.equal((await rerun(goneRun, admin.token)).status, 404);
  assert.equal((await rerun("nope")).status, 404);
  await db.agent.update({ where: { id: beta.id }, data: { status: "stopped" } });
  const stopped = await rerun(firstAttempt);
  assert.equal(stopped.status, 409);
  assert.match(stopped.body.error.message, /stopped/);
  const count = await db.execution.count();
  assert.equal(count, rows.length + 1, "nothing was written by a refused Re-run");
});
