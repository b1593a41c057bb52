// Refusals a person can read: the API's 400s still name the field (for programs and for the form that shows the
// message beside it), and their message is a plain sentence: no "Invalid body", no zod wording, no API path.
import assert from "node:assert/strict";
import { test } from "node:test";
import { setupTestEnv } from "./support/env";

setupTestEnv("plain-errors");
const { call } = await import("./support/http");
const { createTestUser } = await import("./support/users");
const { db } = await import("@/lib/db");
const agentsRoute = await import("@/app/api/agents/route");
const taskRoute = await import("@/app/api/agents/[name]/task/route");
const schedulesRoute = await import("@/app/api/agents/[name]/schedules/route");
const usersRoute = await import("@/app/api/users/route");
const tokensRoute = await import("@/app/api/tokens/route");
const processesRoute = await import("@/app/api/processes/route");

const admin = await createTestUser("admin");
const owner = await createTestUser("user");
const created = await call(agentsRoute, "POST", "/api/agents", {
  token: owner.token,
  body: { name: "plain", runtime: "claude-code", start: false },
});
assert.equal(created.status, 201, JSON.stringify(created.body));

const TECHNICAL =
  /Invalid (body|input|query|path)|Too (small|big)|expected \w+, received|Unrecognized key|\/api\/|[{}]/;

/** A 400 naming `field`, whose message is `message`, said the same way in the detail a form shows beside it. */
function assertPlain(res: { status: number; body: any }, field: string, message: string | RegExp) {
  assert.equal(res.status, 400, JSON.stringify(res.body));
  const { error } = res.body;
  assert.equal(error.code, "validation_failed");
  const detail = error.details.find((d: { field: string }) => d.field === field);
  assert.ok(detail, `no detail for ${field}: ${JSON.stringify(error)}`);
  if (typeof message === "string") assert.equal(detail.message, message);
  else assert.match(detail.message, message);
  assert.equal(error.message, error.details[0].message, "the headline is the first problem's sentence");
  for (const text of [error.message, ...error.details.map((d: { message: string }) => d.message)]) {
    assert.doesNotMatch(text, TECHNICAL, text);
  }
}

const schedule = (body: Record<string, unknown>) =>
  call(schedulesRoute, "POST", "/api/agents/plain/schedules", { token: owner.token, params: { name: "plain" }, body });

test("a missing or empty value: '<Label> is required'", async () => {
  assertPlain(await schedule({ cron: "0 9 * * *", message: "m" }), "name", "Name is required");
  assertPlain(
    await call(usersRoute, "POST", "/api/users", {
      token: admin.token,
      body: { email: "x@example.com", name: "  ", password: "long enough" },
    }),
    "name",
    "Name is required",
  );
  assertPlain(
    await call(tokensRoute, "POST", "/api/tokens", { token: owner.token, body: {} }),
    "name",
    "Name is required",
  );
});

test("a value of the wrong kind or size says what it must be", async () => {
  assertPlain(
    await call(tokensRoute, "POST", "/api/tokens", { token: owner.token, body: { name: "ci", expiresInDays: 1.5 } }),
    "expiresInDays",
    "Expiry in days must be a whole number",
  );
  assertPlain(
    await call(tokensRoute, "POST", "/api/tokens", { token: owner.token, body: { name: "ci", expiresInDays: 9999 } }),
    "expiresInDays",
    "Expiry in days must be at most 3650",
  );
  assertPlain(
    await schedule({ name: "n", cron: "0 9 * * *", message: "m", retryCount: 11 }),
    "retryCount",
    "Retries must be at most 10",
  );
  assertPlain(
    await schedule({ name: "n", cron: "0 9 * * *", message: "m", overlapPolicy: "sometimes" }),
    "overlapPolicy",
    'Overlap policy must be one of "skip", "queue", "allow"',
  );
  assertPlain(
    await call(usersRoute, "POST", "/api/users", {
      token: admin.token,
      body: { email: "x@example.com", name: "X", password: "short" },
    }),
    "password",
    "Password must be at least 8 characters",
  );
});

test("a bad cron expression is named with the field's label and why", async () => {
  assertPlain(
    await schedule({ name: "n", cron: "* * * * * * *", message: "m" }),
    "cron",
    "Cron expression: expected 5 fields (or 6 with seconds), got 7",
  );
});

test("an unknown field is named, with the one it was probably meant to be", async () => {
  assertPlain(
    await schedule({ name: "n", cron: "0 9 * * *", message: "m", mesage: "x" }),
    "mesage",
    'Unknown field "mesage"; did you mean "message"?',
  );
  assertPlain(
    await schedule({ name: "n", cron: "0 9 * * *", message: "m", colour: "red" }),
    "colour",
    'Unknown field "colour"',
  );
});

test("a task for a stopped agent: 409 in plain words, no API path", async () => {
  const res = await call(taskRoute, "POST", "/api/agents/plain/task", {
    token: owner.token,
    params: { name: "plain" },
    body: { message: "hi" },
  });
  assert.equal(res.status, 409);
  assert.equal(res.body.error.message, 'The agent "plain" is stopped — start it to run tasks');
  assert.deepEqual(res.body.error.details, { agent: "plain", status: "stopped" });
});

test("a process definition: one plain error per mistake, with its line and a hint", async () => {
  const yaml = "name: plain-process\nsteps:\n  - id: a\n    type: agent_tsk\n    agent: plain\n    message: hi\n";
  const res = await call(processesRoute, "POST", "/api/processes", { token: owner.token, body: { yaml } });
  assert.equal(res.status, 400);
  assert.equal(res.body.error.details.length, 1, JSON.stringify(res.body.error.details));
  assert.deepEqual(res.body.error.details[0], {
    field: "yaml",
    message: 'unknown step type "agent_tsk"; did you mean "agent_task"?',
    line: 4,
    column: 11,
    path: "steps[0].type",
  });
  assert.equal(
    res.body.error.message,
    'Process definition: line 4, column 11: steps[0].type: unknown step type "agent_tsk"; did you mean "agent_task"?',
  );
});

test("nothing was written by any refusal", async () => {
  assert.equal(await db.schedule.count(), 0);
  assert.equal(await db.process.count(), 0);
  assert.equal(await db.user.count({ where: { email: "x@example.com" } }), 0);
});
