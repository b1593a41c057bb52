// Strict input: every body (and the list queries) refuses keys it does not know with a 400 naming each key, and
// changes nothing; names and descriptions refuse NUL, C0/C1 controls and bidirectional controls with a message that
// says what is wrong; what the browser forms send is accepted as it is.
import assert from "node:assert/strict";
import { test } from "node:test";
import { setupTestEnv } from "./support/env";

const ORIGIN = "http://localhost:3000";
const env = setupTestEnv("strict-input", { CADRE_PUBLIC_URL: ORIGIN });
const { call } = await import("./support/http");
const { createTestUser } = await import("./support/users");
const { db } = await import("@/lib/db");
const { unsafeTextProblem } = await import("@/lib/text/safe-text");
const agentsRoute = await import("@/app/api/agents/route");
const agentRoute = await import("@/app/api/agents/[name]/route");
const schedulesRoute = await import("@/app/api/agents/[name]/schedules/route");
const scheduleRoute = await import("@/app/api/agents/[name]/schedules/[id]/route");
const agentSkillsRoute = await import("@/app/api/agents/[name]/skills/route");
const taskRoute = await import("@/app/api/agents/[name]/task/route");
const playbookRunRoute = await import("@/app/api/agents/[name]/playbooks/[skill]/run/route");
const executionsRoute = await import("@/app/api/agents/[name]/executions/route");
const conversationsRoute = await import("@/app/api/agents/[name]/conversations/route");
const messagesRoute = await import("@/app/api/conversations/[id]/messages/route");
const approvalsRoute = await import("@/app/api/approvals/route");
const decideRoute = await import("@/app/api/approvals/[id]/decide/route");
const internalRoute = await import("@/app/api/internal/execute-task/route");
const processesRoute = await import("@/app/api/processes/route");
const processRoute = await import("@/app/api/processes/[id]/route");
const validateRoute = await import("@/app/api/processes/validate/route");
const runsRoute = await import("@/app/api/processes/[id]/runs/route");
const settingsRoute = await import("@/app/api/settings/route");
const setupRoute = await import("@/app/api/setup/route");
const skillsRoute = await import("@/app/api/skills/route");
const skillRoute = await import("@/app/api/skills/[name]/route");
const resolveRoute = await import("@/app/api/skills/[name]/resolve/route");
const syncRoute = await import("@/app/api/skills/sync/route");
const tokensRoute = await import("@/app/api/tokens/route");
const usersRoute = await import("@/app/api/users/route");
const userRoute = await import("@/app/api/users/[id]/route");
const passwordRoute = await import("@/app/api/users/[id]/password/route");
const historyRoute = await import("@/app/api/agents/[name]/schedules/[id]/executions/route");

const admin = await createTestUser("admin");
const member = await createTestUser("user");

const ok = async (res: Promise<{ status: number; body: any }>, status: number) => {
  const r = await res;
  assert.equal(r.status, status, JSON.stringify(r.body));
  return r.body;
};
await ok(
  call(agentsRoute, "POST", "/api/agents", {
    token: admin.token,
    body: { name: "strict", runtime: "command", command: "cat", start: false },
  }),
  201,
);
await ok(
  call(skillsRoute, "POST", "/api/skills", {
    token: admin.token,
    body: { name: "strict-skill", description: "d", body: "Do $ARGUMENTS" },
  }),
  201,
);
const schedule = (
  await ok(
    call(schedulesRoute, "POST", "/", {
      token: admin.token,
      params: { name: "strict" },
      body: { name: "nightly", cron: "0 3 * * *", message: "m" },
    }),
    201,
  )
).schedule;
const processYaml = "name: strict-process\nsteps:\n  - id: a\n    type: human_approval\n    title: ok\n";
const processId = (
  await ok(call(processesRoute, "POST", "/", { token: admin.token, body: { yaml: processYaml } }), 201)
).process.id;
const conversationId = (
  await ok(call(conversationsRoute, "POST", "/", { token: admin.token, params: { name: "strict" } }), 201)
).conversation.id;
const missing = "c0000000000000000000000000";

/** The fingerprint of what a refused request could have changed. */
async function snapshot(): Promise<string> {
  const [agents, schedules, skills, processes, runs, users, tokens, settings, executions] = await Promise.all([
    db.agent.findMany({ orderBy: { id: "asc" } }),
    db.schedule.findMany({ orderBy: { id: "asc" } }),
    db.skill.findMany({ orderBy: { id: "asc" } }),
    db.process.findMany({ orderBy: { id: "asc" } }),
    db.processRun.count(),
    db.user.findMany({ orderBy: { id: "asc" }, select: { id: true, name: true, role: true } }),
    db.apiToken.count(),
    db.setting.findMany({ orderBy: { key: "asc" } }),
    db.execution.count(),
  ]);
  return JSON.stringify({ agents, schedules, skills, processes, runs, users, tokens, settings, executions });
}

test('PUT a schedule with {"cron_expression": "invalid"}: 400 naming the key, nothing changed', async () => {
  const before = await snapshot();
  const res = await call(scheduleRoute, "PUT", `/api/agents/strict/schedules/${schedule.id}`, {
    token: admin.token,
    params: { name: "strict", id: schedule.id },
    body: { cron_expression: "invalid" },
  });
  assert.equal(res.status, 400);
  assert.equal(res.body.error.code, "validation_failed");
  assert.equal(res.body.error.message, 'Unknown field "cron_expression"');
  assert.deepEqual(res.body.error.details, [{ field: "cron_expression", message: 'Unknown field "cron_expression"' }]);
  assert.equal(await snapshot(), before);
});

interface BodyRoute {
  mod: Record<string, unknown>;
  method: string;
  url: string;
  params?: Record<string, string>;
  /** a body the route would take */
  body: Record<string, unknown>;
  token?: string;
  headers?: Record<string, string>;
}

const BODY_ROUTES: BodyRoute[] = [
  { mod: agentsRoute, method: "POST", url: "/api/agents", body: { name: "other", runtime: "claude-code" } },
  { mod: agentRoute, method: "PUT", url: "/api/agents/strict", params: { name: "strict" }, body: { description: "d" } },
  {
    mod: schedulesRoute,
    method: "POST",
    url: "/api/agents/strict/schedules",
    params: { name: "strict" },
    body: { name: "n", cron: "0 4 * * *", message: "m" },
  },
  {
    mod: scheduleRoute,
    method: "PUT",
    url: `/api/agents/strict/schedules/${schedule.id}`,
    params: { name: "strict", id: schedule.id },
    body: { message: "m2" },
  },
  {
    mod: agentSkillsRoute,
    method: "PUT",
    url: "/api/agents/strict/skills",
    params: { name: "strict" },
    body: { skills: ["strict-skill"] },
  },
  {
    mod: taskRoute,
    method: "POST",
    url: "/api/agents/strict/task",
    params: { name: "strict" },
    body: { message: "m" },
  },
  {
    mod: playbookRunRoute,
    method: "POST",
    url: "/api/agents/strict/playbooks/strict-skill/run",
    params: { name: "strict", skill: "strict-skill" },
    body: { arguments: "a" },
  },
  {
    mod: messagesRoute,
    method: "POST",
    url: `/api/conversations/${conversationId}/messages`,
    params: { id: conversationId },
    body: { message: "hi" },
  },
  {
    mod: decideRoute,
    method: "POST",
    url: `/api/approvals/${missing}/decide`,
    params: { id: missing },
    body: { decision: "approve" },
  },
  {
    mod: internalRoute,
    method: "POST",
    url: "/api/internal/execute-task",
    body: { agent_name: "strict", message: "m" },
    token: "",
    headers: { "x-cadre-internal-secret": env.internalSecret },
  },
  {
    mod: internalRoute,
    method: "POST",
    url: "/api/internal/execute-task",
    body: { tasks: [{ agent_name: "strict", message: "m" }] },
    token: "",
    headers: { "x-cadre-internal-secret": env.internalSecret },
  },
  { mod: processesRoute, method: "POST", url: "/api/processes", body: { yaml: processYaml } },
  {
    mod: processRoute,
    method: "PUT",
    url: `/api/processes/${processId}`,
    params: { id: processId },
    body: { yaml: processYaml },
  },
  { mod: validateRoute, method: "POST", url: "/api/processes/validate", body: { yaml: processYaml } },
  {
    mod: runsRoute,
    method: "POST",
    url: `/api/processes/${processId}/runs`,
    params: { id: processId },
    body: { input: {} },
  },
  { mod: settingsRoute, method: "PUT", url: "/api/settings", body: { anthropicBaseUrl: "https://example.com" } },
  {
    mod: setupRoute,
    method: "POST",
    url: "/api/setup",
    body: { name: "N", email: "n@example.com", password: "password-123" },
    token: "",
    headers: { origin: ORIGIN },
  },
  { mod: skillsRoute, method: "POST", url: "/api/skills", body: { name: "new-skill", description: "d", body: "b" } },
  {
    mod: skillRoute,
    method: "PUT",
    url: "/api/skills/strict-skill",
    params: { name: "strict-skill" },
    body: { description: "d2" },
  },
  {
    mod: resolveRoute,
    method: "POST",
    url: "/api/skills/strict-skill/resolve",
    params: { name: "strict-skill" },
    body: { keep: "cadre" },
  },
  { mod: syncRoute, method: "PUT", url: "/api/skills/sync", body: { branch: "main" } },
  { mod: tokensRoute, method: "POST", url: "/api/tokens", body: { name: "t" } },
  {
    mod: usersRoute,
    method: "POST",
    url: "/api/users",
    body: { email: "x@example.com", name: "X", password: "password-123" },
  },
  {
    mod: userRoute,
    method: "PATCH",
    url: `/api/users/${member.id}`,
    params: { id: member.id },
    body: { name: "Renamed" },
  },
  {
    mod: passwordRoute,
    method: "POST",
    url: `/api/users/${member.id}/password`,
    params: { id: member.id },
    body: { password: "password-456" },
  },
];

function send(r: BodyRoute, body: unknown) {
  return call(r.mod, r.method, r.url, { token: r.token ?? admin.token, params: r.params, body, headers: r.headers });
}

test("every body refuses an unknown key with a 400 naming it, and changes nothing", async () => {
  for (const r of BODY_ROUTES) {
    const before = await snapshot();
    const res = await send(r, { ...r.body, extra: 1, "also-unknown": "x" });
    const what = `${r.method} ${r.url}`;
    assert.equal(res.status, 400, `${what}: ${JSON.stringify(res.body)}`);
    assert.equal(res.body.error.code, "validation_failed", what);
    const fields = res.body.error.details.map((d: { field: string }) => d.field);
    assert.ok(
      fields.includes("extra") && fields.includes("also-unknown"),
      `${what}: ${JSON.stringify(res.body.error.details)}`,
    );
    assert.equal(await snapshot(), before, `${what} changed something`);
  }
});

test("unknown keys inside nested objects are named by their path", async () => {
  const files = await call(skillsRoute, "POST", "/api/skills", {
    token: admin.token,
    body: { name: "nested-skill", description: "d", body: "b", files: [{ path: "a.md", content: "x", mode: "755" }] },
  });
  assert.equal(files.status, 400);
  assert.deepEqual(files.body.error.details, [{ field: "files.0.mode", message: 'Unknown field "mode"' }]);
  const step = await call(processesRoute, "POST", "/api/processes", {
    token: admin.token,
    body: {
      yaml: "name: nested\nsteps:\n  - id: a\n    type: human_approval\n    title: t\n    approver: bob@example.com\n",
    },
  });
  assert.equal(step.status, 400);
  assert.equal(step.body.error.details[0].message, 'unknown key "approver"; did you mean "approvers"?');
  assert.equal(step.body.error.details[0].line, 6);
});

test("list queries refuse parameters they do not know", async () => {
  const approvals = await call(approvalsRoute, "GET", "/api/approvals?status=pending&sort=desc", {
    token: member.token,
  });
  assert.equal(approvals.status, 400);
  assert.deepEqual(approvals.body.error.details, [{ field: "sort", message: 'Unknown field "sort"' }]);
  const executions = await call(executionsRoute, "GET", "/api/agents/strict/executions?limit=5&offset=10", {
    token: member.token,
    params: { name: "strict" },
  });
  assert.equal(executions.status, 400);
  assert.equal(executions.body.error.details[0].field, "offset");
  const history = await call(historyRoute, "GET", `/api/agents/strict/schedules/${schedule.id}/executions?page=2`, {
    token: member.token,
    params: { name: "strict", id: schedule.id },
  });
  assert.equal(history.status, 400);
  // What the client sends is taken.
  assert.equal(
    (await call(approvalsRoute, "GET", "/api/approvals?status=all&limit=20", { token: member.token })).status,
    200,
  );
  assert.equal(
    (
      await call(executionsRoute, "GET", "/api/agents/strict/executions?limit=20", {
        token: member.token,
        params: { name: "strict" },
      })
    ).status,
    200,
  );
});

const HOSTILE = [
  { text: "evil\u202Etxt.exe", why: /bidirectional control characters \(U\+202E\)/ },
  { text: "a\u2066b", why: /bidirectional control characters \(U\+2066\)/ },
  { text: "mark\u200F", why: /bidirectional control characters \(U\+200F\)/ },
  { text: "nul\u0000here", why: /NUL \(U\+0000\)/ },
  { text: "bell\u0007", why: /control characters \(U\+0007\)/ },
  { text: "c1\u0085", why: /control characters \(U\+0085\)/ },
  { text: "del\u007F", why: /control characters \(U\+007F\)/ },
];

test("names and descriptions refuse control and bidirectional characters, saying which", async () => {
  const named: { what: string; field: string; send: (text: string) => Promise<{ status: number; body: any }> }[] = [
    {
      what: "agent description",
      field: "description",
      send: (t) =>
        call(agentRoute, "PUT", "/", { token: admin.token, params: { name: "strict" }, body: { description: t } }),
    },
    {
      what: "schedule name",
      field: "name",
      send: (t) =>
        call(schedulesRoute, "POST", "/", {
          token: admin.token,
          params: { name: "strict" },
          body: { name: t, cron: "0 4 * * *", message: "m" },
        }),
    },
    {
      what: "schedule description",
      field: "description",
      send: (t) =>
        call(scheduleRoute, "PUT", "/", {
          token: admin.token,
          params: { name: "strict", id: schedule.id },
          body: { description: t },
        }),
    },
    {
      what: "user name",
      field: "name",
      send: (t) =>
        call(usersRoute, "POST", "/", {
          token: admin.token,
          body: { email: "named@example.com", name: t, password: "password-123" },
        }),
    },
    {
      what: "user rename",
      field: "name",
      send: (t) => call(userRoute, "PATCH", "/", { token: admin.token, params: { id: member.id }, body: { name: t } }),
    },
    {
      what: "token name",
      field: "name",
      send: (t) => call(tokensRoute, "POST", "/", { token: member.token, body: { name: t } }),
    },
    {
      what: "skill description",
      field: "description",
      send: (t) =>
        call(skillRoute, "PUT", "/", {
          token: admin.token,
          params: { name: "strict-skill" },
          body: { description: t },
        }),
    },
    {
      what: "skill argument hint",
      field: "argumentHint",
      send: (t) =>
        call(skillRoute, "PUT", "/", {
          token: admin.token,
          params: { name: "strict-skill" },
          body: { argumentHint: t },
        }),
    },
    {
      what: "first admin name",
      field: "name",
      send: (t) =>
        call(setupRoute, "POST", "/", {
          headers: { origin: ORIGIN },
          body: { name: t, email: "first@example.com", password: "password-123" },
        }),
    },
  ];
  for (const n of named) {
    for (const h of HOSTILE) {
      const before = await snapshot();
      const res = await n.send(h.text);
      assert.equal(res.status, 400, `${n.what} ${JSON.stringify(h.text)}: ${JSON.stringify(res.body)}`);
      const detail = res.body.error.details.find((d: { field: string }) => d.field === n.field);
      assert.ok(detail, `${n.what}: ${JSON.stringify(res.body.error.details)}`);
      assert.match(detail.message, h.why, n.what);
      assert.equal(await snapshot(), before);
    }
  }
  // A one-line name refuses a line break; a description may have several lines.
  const broken = await call(schedulesRoute, "POST", "/", {
    token: admin.token,
    params: { name: "strict" },
    body: { name: "two\nlines", cron: "0 4 * * *", message: "m" },
  });
  assert.equal(broken.body.error.details[0].message, "Name must be one line");
  await ok(
    call(agentRoute, "PUT", "/", {
      token: admin.token,
      params: { name: "strict" },
      body: { description: "first line\n\tsecond line — ünïcödé, 日本語 ok" },
    }),
    200,
  );
});

test("process titles and descriptions in YAML refuse them too, with their line", async () => {
  const res = await call(processesRoute, "POST", "/api/processes", {
    token: admin.token,
    body: {
      yaml: 'name: bidi\ndescription: "ok"\nsteps:\n  - id: a\n    type: human_approval\n    title: "approve \\u202Eexe.txt"\n',
    },
  });
  assert.equal(res.status, 400);
  assert.match(res.body.error.details[0].message, /bidirectional control characters \(U\+202E\)/);
  assert.equal(res.body.error.details[0].line, 6);
});

test("the shared check: each character range and what is allowed", () => {
  for (const code of [0x00, 0x01, 0x1f, 0x7f, 0x80, 0x9f, 0x202a, 0x202e, 0x2066, 0x2069, 0x200e, 0x200f, 0x061c]) {
    assert.ok(unsafeTextProblem(`a${String.fromCharCode(code)}b`), code.toString(16));
  }
  for (const text of ["plain", "Ünïcödé 日本語 🙂", "a\u200Db" /* zero-width joiner: emoji sequences */, "a\u00A0b"]) {
    assert.equal(unsafeTextProblem(text), null, text);
  }
  assert.equal(unsafeTextProblem("a\nb\tc\r\n", { multiline: true }), null);
  assert.equal(unsafeTextProblem("a\tb"), "must not contain control characters (U+0009)");
});

test("what the browser forms build is accepted as it is", async () => {
  const { toBody, initialValues } = await import("@/components/agents/agent-form-state");
  const { toScheduleBody, initialScheduleValues } = await import("@/components/schedules/schedule-form-state");
  const { toSkillBody, initialSkillValues, newFileValue } = await import("@/components/skills/skill-form-state");

  const agent = toBody({ ...initialValues(), name: "from-form", description: "made by the form" }, "create");
  assert.ok("create" in agent);
  await ok(call(agentsRoute, "POST", "/", { token: admin.token, body: { ...agent.create, start: false } }), 201);
  const edited = toBody({ ...initialValues(), name: "from-form", runtime: "command", command: "cat" }, "edit");
  assert.ok("body" in edited);
  await ok(call(agentRoute, "PUT", "/", { token: admin.token, params: { name: "from-form" }, body: edited.body }), 200);

  const scheduled = toScheduleBody({
    ...initialScheduleValues(),
    name: "form schedule",
    message: "from the form",
    timezone: "UTC",
  });
  assert.ok("body" in scheduled && scheduled.body);
  const created = await ok(
    call(schedulesRoute, "POST", "/", { token: admin.token, params: { name: "from-form" }, body: scheduled.body }),
    201,
  );
  await ok(
    call(scheduleRoute, "PUT", "/", {
      token: admin.token,
      params: { name: "from-form", id: created.schedule.id },
      body: scheduled.body,
    }),
    200,
  );

  const values = {
    ...initialSkillValues(),
    name: "form-skill",
    description: "from the form",
    body: "Do it",
    metadata: "team: ops",
    files: [newFileValue("notes.md", "n")],
  };
  const skill = toSkillBody(values, true);
  assert.ok("body" in skill);
  await ok(call(skillsRoute, "POST", "/", { token: admin.token, body: skill.body }), 201);
  const update = toSkillBody(values, false);
  assert.ok("body" in update);
  await ok(
    call(skillRoute, "PUT", "/", { token: admin.token, params: { name: "form-skill" }, body: update.body }),
    200,
  );
});
