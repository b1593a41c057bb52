// Processes API: YAML errors with line and column (unknown keys, bad on_reject, templates naming later steps,
// unknown agents, duplicate ids), validate, create/read/update/delete with who may do what, runs started and
// listed, and nothing written on bad input.
import assert from "node:assert/strict";
import { test } from "node:test";
import { setupTestEnv } from "./support/env";

setupTestEnv("processes-api");
const { call } = await import("./support/http");
const { createTestUser } = await import("./support/users");
const { db } = await import("@/lib/db");
const { createCommandAgent } = await import("./support/processes");
const processesRoute = await import("@/app/api/processes/route");
const validateRoute = await import("@/app/api/processes/validate/route");
const processRoute = await import("@/app/api/processes/[id]/route");
const runsRoute = await import("@/app/api/processes/[id]/runs/route");
const runRoute = await import("@/app/api/process-runs/[id]/route");

const admin = await createTestUser("admin");
const owner = await createTestUser("user");
const other = await createTestUser("user");
await createCommandAgent(admin, "writer", "cat");
await createCommandAgent(admin, "publisher", "cat");

const GOOD = `name: weekly
description: Draft, review, publish
steps:
  - id: draft
    type: agent_task
    agent: writer
    message: "Draft {{input.week}}"
    model: sonnet
    timeout: 10m
  - id: review
    type: human_approval
    title: "Publish {{input.week}}?"
    description: "{{steps.draft.output}}"
    approvers: [alice@example.com, role:admin]
    required_approvals: 1
    timeout: 24h
    on_timeout: reject
    on_reject: draft
    allow_self_approval: false
  - id: publish
    type: agent_task
    agent: publisher
    message: "Publish: {{steps.draft.output}}"
`;

const create = (yaml: string, token = owner.token) =>
  call(processesRoute, "POST", "/api/processes", { token, body: { yaml } });
const validate = (yaml: string) =>
  call(validateRoute, "POST", "/api/processes/validate", { token: other.token, body: { yaml } });

/** Replaces one line of GOOD (1-based) and expects exactly that error at that line. */
async function expectError(yaml: string, want: { line: number; column: number; path: string; message: RegExp }) {
  const before = await db.process.count();
  const res = await create(yaml);
  assert.equal(res.status, 400, JSON.stringify(res.body));
  assert.equal(res.body.error.code, "validation_failed");
  const detail = res.body.error.details.find((d: any) => d.path === want.path);
  assert.ok(detail, `no error at ${want.path}: ${JSON.stringify(res.body.error.details)}`);
  assert.equal(detail.field, "yaml");
  assert.match(detail.message, want.message);
  assert.deepEqual([detail.line, detail.column], [want.line, want.column], JSON.stringify(detail));
  assert.match(res.body.error.message, new RegExp(`line ${res.body.error.details[0].line}, column`));
  assert.equal(await db.process.count(), before, "nothing is written");
  const live = await validate(yaml);
  assert.equal(live.status, 200);
  assert.equal(live.body.ok, false);
  assert.deepEqual(
    live.body.errors.find((e: any) => e.path === want.path),
    { message: detail.message, line: detail.line, column: detail.column, path: detail.path },
  );
}

test("validate accepts the issue's example and lists its steps", async () => {
  const res = await validate(GOOD);
  assert.deepEqual(res.body, {
    ok: true,
    errors: [],
    steps: [
      { id: "draft", type: "agent_task", label: "writer" },
      { id: "review", type: "human_approval", label: "Publish {{input.week}}?" },
      { id: "publish", type: "agent_task", label: "publisher" },
    ],
  });
});

test("an unknown key is an error at the key's line and column", async () => {
  await expectError(GOOD.replace("    model: sonnet\n", "    model: sonnet\n    colour: red\n"), {
    line: 9,
    column: 5,
    path: "steps[0].colour",
    message: /unknown key "colour"/,
  });
  await expectError(`${GOOD}owner: me\n`, { line: 24, column: 1, path: "owner", message: /unknown key "owner"/ });
});

test("on_reject naming no step is an error at its value", async () => {
  await expectError(GOOD.replace("on_reject: draft", "on_reject: revise"), {
    line: 18,
    column: 16,
    path: "steps[1].on_reject",
    message: /no step "revise"/,
  });
});

test("a template naming a later step is an error", async () => {
  await expectError(GOOD.replace('message: "Draft {{input.week}}"', 'message: "Draft {{steps.publish.output}}"'), {
    line: 7,
    column: 14,
    path: "steps[0].message",
    message: /step "publish" does not come before "draft"/,
  });
});

test("a shape error in one step does not hide the reference errors of the others, listed in line order", async () => {
  const yaml = GOOD.replace("    model: sonnet\n", "    model: sonnet\n    colour: red\n")
    .replace("on_reject: draft", "on_reject: revise")
    .replace("agent: publisher", "agent: ghost");
  const res = await validate(yaml);
  assert.equal(res.body.ok, false);
  assert.deepEqual(
    res.body.errors.map((e: any) => [e.path, e.line, e.column]),
    [
      ["steps[0].colour", 9, 5],
      ["steps[1].on_reject", 19, 16],
      ["steps[2].agent", 23, 12],
    ],
  );
  // a step that does not parse still counts as a target: on_reject may name it
  const toBroken = GOOD.replace("    model: sonnet\n", "    model: sonnet\n    colour: red\n");
  assert.deepEqual(
    (await validate(toBroken)).body.errors.map((e: any) => e.path),
    ["steps[0].colour"],
  );
});

test("an unknown agent is an error at the agent name", async () => {
  await expectError(GOOD.replace("agent: publisher", "agent: ghost"), {
    line: 22,
    column: 12,
    path: "steps[2].agent",
    message: /no agent named "ghost"/,
  });
});

test("duplicate step ids are an error at the second id", async () => {
  await expectError(GOOD.replace("id: publish", "id: draft"), {
    line: 20,
    column: 9,
    path: "steps[2].id",
    message: /duplicate step id "draft"/,
  });
});

test("bad durations, types and YAML syntax are reported with positions", async () => {
  await expectError(GOOD.replace("timeout: 10m", "timeout: ten minutes"), {
    line: 9,
    column: 14,
    path: "steps[0].timeout",
    message: /30s/,
  });
  await expectError(GOOD.replace("type: agent_task", "type: agent"), {
    line: 5,
    column: 11,
    path: "steps[0].type",
    message: /agent_task/,
  });
  const res = await create("name: x\nsteps: [\n");
  assert.equal(res.status, 400);
  assert.equal(typeof res.body.error.details[0].line, "number");
  assert.equal((await validate("")).body.ok, false);
});

test("create, read, list; a taken name is 409; signed out is 401", async () => {
  assert.equal((await call(processesRoute, "POST", "/api/processes", { body: { yaml: GOOD } })).status, 401);
  assert.equal((await call(processesRoute, "GET", "/api/processes")).status, 401);
  assert.equal((await call(validateRoute, "POST", "/x", { body: { yaml: GOOD } })).status, 401);
  const res = await create(GOOD);
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const proc = res.body.process;
  assert.equal(proc.name, "weekly");
  assert.equal(proc.description, "Draft, review, publish");
  assert.equal(proc.version, 1);
  assert.equal(proc.createdBy.id, owner.id);
  assert.equal(proc.lastRun, null);
  assert.equal((await create(GOOD, other.token)).status, 409);
  const one = await call(processRoute, "GET", `/api/processes/${proc.id}`, {
    token: other.token,
    params: { id: proc.id },
  });
  assert.equal(one.body.process.yaml, GOOD);
  const list = await call(processesRoute, "GET", "/api/processes", { token: other.token });
  assert.ok(list.body.processes.some((p: any) => p.id === proc.id));
  assert.equal((await call(processRoute, "GET", "/x", { token: other.token, params: { id: "nope" } })).status, 404);
  assert.equal((await call(processesRoute, "POST", "/x", { token: owner.token, body: { yaml: 5 } })).status, 400);
});

test("only the creator or an admin may edit or delete; a run in progress blocks delete", async () => {
  const proc = (await create(GOOD.replace("name: weekly", "name: editable"))).body.process;
  const put = (token: string, yaml: string) =>
    call(processRoute, "PUT", "/x", { token, params: { id: proc.id }, body: { yaml } });
  const del = (token: string) => call(processRoute, "DELETE", "/x", { token, params: { id: proc.id } });
  const edited = GOOD.replace("name: weekly", "name: edited");
  assert.equal((await put(other.token, edited)).status, 403);
  assert.equal((await put(owner.token, edited.replace("agent: writer", "agent: ghost"))).status, 400);
  const ok = await put(owner.token, edited);
  assert.equal(ok.status, 200);
  assert.equal(ok.body.process.name, "edited");
  assert.equal(ok.body.process.version, 2);
  assert.equal(
    (await put(admin.token, edited.replace("description: Draft, review, publish", "description: by admin"))).body
      .process.version,
    3,
  );

  const started = await call(runsRoute, "POST", "/x", {
    token: other.token,
    params: { id: proc.id },
    body: { input: { week: "W1" } },
  });
  assert.equal(started.status, 202, JSON.stringify(started.body));
  assert.equal(started.body.run.status, "running");
  assert.deepEqual(started.body.run.input, { week: "W1" });
  assert.deepEqual(
    started.body.run.definitionSteps.map((s: any) => s.id),
    ["draft", "review", "publish"],
  );
  assert.equal(started.body.run.startedBy.id, other.id);
  const runs = await call(runsRoute, "GET", "/x", { token: owner.token, params: { id: proc.id } });
  assert.deepEqual(
    runs.body.runs.map((r: any) => r.id),
    [started.body.run.id],
  );
  const run = await call(runRoute, "GET", "/x", { token: admin.token, params: { id: started.body.run.id } });
  assert.equal(run.body.run.processName, "edited");
  assert.equal(
    (await call(runsRoute, "POST", "/x", { token: other.token, params: { id: proc.id }, body: { input: "no" } }))
      .status,
    400,
  );

  assert.equal((await del(other.token)).status, 403);
  assert.equal((await del(owner.token)).status, 409);
  await db.processRun.updateMany({ where: { processId: proc.id }, data: { status: "cancelled" } });
  assert.equal((await del(owner.token)).status, 204);
  assert.equal(await db.processRun.count({ where: { processId: proc.id } }), 0);
  assert.equal((await del(owner.token)).status, 404);
});
