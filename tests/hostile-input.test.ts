// Hostile input against every route that takes a body (POST, PUT, PATCH, read from app/api): malformed JSON, wrong
// types, huge and deep bodies, unicode controls, prototype keys, path traversal, YAML bombs, template floods, bad cron
// expressions and time zones, unknown keys. Every answer is below 500 and in the error shape when refused; a refused
// request writes nothing; and the process keeps answering other requests meanwhile (its event loop is never held).

import assert from "node:assert/strict";
import crypto from "node:crypto";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import test from "node:test";
import { ROOT, setupTestEnv } from "./support/env";

const ORIGIN = "http://localhost:3000";
const env = setupTestEnv("hostile-input", { CADRE_PUBLIC_URL: ORIGIN });
const { call } = await import("./support/http");
const { createTestUser } = await import("./support/users");
const { scanApiRoutes } = await import("@/lib/api/route-table");
const { db, dialect } = await import("@/lib/db");

const admin = await createTestUser("admin");
const target = await createTestUser("user");

// The things the routes act on. The agent stays stopped, so a body that passes validation is refused with 409 and no
// agent ever runs; the corpus is about what happens before that.
const agentsRoute = await import("@/app/api/agents/route");
assert.equal(
  (
    await call(agentsRoute, "POST", "/", {
      token: admin.token,
      body: { name: "hostile", runtime: "command", command: "cat" },
    })
  ).status,
  201,
);
const skillsRoute = await import("@/app/api/skills/route");
assert.equal(
  (
    await call(skillsRoute, "POST", "/", {
      token: admin.token,
      body: { name: "hostile-skill", description: "x", body: "Do $ARGUMENTS" },
    })
  ).status,
  201,
);
const schedulesRoute = await import("@/app/api/agents/[name]/schedules/route");
const schedule = await call(schedulesRoute, "POST", "/", {
  token: admin.token,
  params: { name: "hostile" },
  body: { name: "s", cron: "0 3 * * *", message: "m" },
});
assert.equal(schedule.status, 201, JSON.stringify(schedule.body));
const scheduleId: string = schedule.body.schedule.id;
const processesRoute = await import("@/app/api/processes/route");
const processRes = await call(processesRoute, "POST", "/", {
  token: admin.token,
  body: { yaml: "name: hostile-process\nsteps:\n  - id: a\n    type: human_approval\n    title: ok\n" },
});
assert.equal(processRes.status, 201, JSON.stringify(processRes.body));
const processId: string = processRes.body.process.id;
const conversationsRoute = await import("@/app/api/agents/[name]/conversations/route");
const conversationId: string = (
  await call(conversationsRoute, "POST", "/", { token: admin.token, params: { name: "hostile" } })
).body.conversation.id;
const missingId = "c0000000000000000000000000";

interface Target {
  url: string;
  params?: Record<string, string>;
  /** a body the route accepts (its fields are each replaced by hostile values); none for routes that take no body */
  valid?: Record<string, unknown>;
  headers?: Record<string, string>;
}

const a = "hostile";
const TARGETS: Record<string, Target> = {
  "POST /api/agents": {
    url: "/api/agents",
    valid: { name: "x-agent", runtime: "claude-code", description: "d", model: "haiku", runnerName: "build-1" },
  },
  "PUT /api/agents/[name]": {
    url: `/api/agents/${a}`,
    params: { name: a },
    valid: { description: "d", concurrencyLimit: 2, timeoutSeconds: 60, runnerName: "build-1" },
  },
  "POST /api/agents/[name]/conversations": { url: `/api/agents/${a}/conversations`, params: { name: a } },
  "POST /api/agents/[name]/playbooks/[skill]/run": {
    url: `/api/agents/${a}/playbooks/hostile-skill/run`,
    params: { name: a, skill: "hostile-skill" },
    valid: { arguments: "args" },
  },
  "POST /api/agents/[name]/restart": { url: `/api/agents/${a}/restart`, params: { name: a } },
  "POST /api/agents/[name]/schedules": {
    url: `/api/agents/${a}/schedules`,
    params: { name: a },
    valid: { name: "n", cron: "0 4 * * *", timezone: "Europe/Paris", message: "m", overlapPolicy: "skip" },
  },
  "PUT /api/agents/[name]/schedules/[id]": {
    url: `/api/agents/${a}/schedules/${scheduleId}`,
    params: { name: a, id: scheduleId },
    valid: { cron: "0 5 * * *", timezone: "UTC", message: "m2" },
  },
  "POST /api/agents/[name]/schedules/[id]/disable": {
    url: `/api/agents/${a}/schedules/${scheduleId}/disable`,
    params: { name: a, id: scheduleId },
  },
  "POST /api/agents/[name]/schedules/[id]/enable": {
    url: `/api/agents/${a}/schedules/${scheduleId}/enable`,
    params: { name: a, id: scheduleId },
  },
  "POST /api/agents/[name]/schedules/[id]/trigger": {
    url: `/api/agents/${a}/schedules/${scheduleId}/trigger`,
    params: { name: a, id: scheduleId },
  },
  "POST /api/agents/[name]/schedules/[id]/pause": {
    url: `/api/agents/${a}/schedules/${scheduleId}/pause`,
    params: { name: a, id: scheduleId },
    valid: { note: "n", resumeAt: "2999-01-01T00:00:00Z" },
  },
  "POST /api/agents/[name]/schedules/[id]/resume": {
    url: `/api/agents/${a}/schedules/${scheduleId}/resume`,
    params: { name: a, id: scheduleId },
  },
  "POST /api/agents/[name]/schedules/[id]/backfill": {
    url: `/api/agents/${a}/schedules/${scheduleId}/backfill`,
    params: { name: a, id: scheduleId },
    valid: { from: "2026-01-01T00:00:00Z", to: "2026-01-01T01:00:00Z" },
  },
  "PUT /api/agents/[name]/skills": {
    url: `/api/agents/${a}/skills`,
    params: { name: a },
    valid: { skills: ["hostile-skill"] },
  },
  "POST /api/agents/[name]/skills/[skill]": {
    url: `/api/agents/${a}/skills/hostile-skill`,
    params: { name: a, skill: "hostile-skill" },
  },
  "POST /api/agents/[name]/start": { url: `/api/agents/${a}/start`, params: { name: a } },
  "POST /api/agents/[name]/stop": { url: `/api/agents/${a}/stop`, params: { name: a } },
  "POST /api/agents/[name]/task": {
    url: `/api/agents/${a}/task`,
    params: { name: a },
    valid: { message: "m", model: "haiku", async: true },
  },
  "POST /api/approvals/[id]/decide": {
    url: `/api/approvals/${missingId}/decide`,
    params: { id: missingId },
    valid: { decision: "approve", comment: "c" },
  },
  "POST /api/approvals/[id]/delegate": {
    url: `/api/approvals/${missingId}/delegate`,
    params: { id: missingId },
    valid: { to: target.email },
  },
  "POST /api/approvals/[id]/links": { url: `/api/approvals/${missingId}/links`, params: { id: missingId } },
  "POST /api/approvals/act": {
    url: "/api/approvals/act",
    headers: { origin: ORIGIN },
    valid: { token: "AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" },
  },
  "POST /api/approver-groups": {
    url: "/api/approver-groups",
    valid: { name: "hostile-group", description: "d", members: [target.email] },
  },
  "PUT /api/approver-groups/[name]": {
    url: "/api/approver-groups/hostile-group",
    params: { name: "hostile-group" },
    valid: { description: "d", members: [target.email] },
  },
  "POST /api/delegations": {
    url: "/api/delegations",
    valid: { to: target.email, startsAt: "2026-01-01T00:00:00Z", endsAt: "2026-01-02T00:00:00Z" },
  },
  "POST /api/auth/[...all]": {
    url: "/api/auth/sign-in/email",
    headers: { origin: ORIGIN },
    valid: { email: "nobody@example.com", password: "wrong-password" },
  },
  "PUT /api/auth/[...all]": {
    url: "/api/auth/sign-in/email",
    headers: { origin: ORIGIN },
    valid: { email: "nobody@example.com", password: "x" },
  },
  "PATCH /api/auth/[...all]": {
    url: "/api/auth/sign-in/email",
    headers: { origin: ORIGIN },
    valid: { email: "nobody@example.com", password: "x" },
  },
  "POST /api/conversations/[id]/messages": {
    url: `/api/conversations/${conversationId}/messages`,
    params: { id: conversationId },
    valid: { message: "hello", model: "haiku" },
  },
  "PATCH /api/conversations/[id]": {
    url: `/api/conversations/${conversationId}`,
    params: { id: conversationId },
    valid: { title: "A title" },
  },
  "POST /api/conversations/[id]/stop": {
    url: `/api/conversations/${conversationId}/stop`,
    params: { id: conversationId },
  },
  "POST /api/executions/[id]/rerun": { url: `/api/executions/${missingId}/rerun`, params: { id: missingId } },
  "POST /api/executions/[id]/cancel": { url: `/api/executions/${missingId}/cancel`, params: { id: missingId } },
  "POST /api/internal/execute-task": {
    url: "/api/internal/execute-task",
    headers: { "x-cadre-internal-secret": env.internalSecret },
    valid: { agent_name: a, message: "m", triggered_by: "api", async_mode: true },
  },
  "POST /api/process-runs/[id]/cancel": { url: `/api/process-runs/${missingId}/cancel`, params: { id: missingId } },
  "POST /api/processes": {
    url: "/api/processes",
    valid: { yaml: "name: p\nsteps:\n  - id: a\n    type: human_approval\n    title: t\n" },
  },
  "PUT /api/processes/[id]": {
    url: `/api/processes/${processId}`,
    params: { id: processId },
    valid: { yaml: "name: hostile-process\nsteps:\n  - id: b\n    type: human_approval\n    title: t\n" },
  },
  "POST /api/processes/[id]/runs": {
    url: `/api/processes/${processId}/runs`,
    params: { id: processId },
    valid: { input: { week: "W1" } },
  },
  "POST /api/processes/validate": { url: "/api/processes/validate", valid: { yaml: "name: v\nsteps: []\n" } },
  "PUT /api/me/notifications": {
    url: "/api/me/notifications",
    valid: { email: true, slack: false, events: ["approval.requested"] },
  },
  "PUT /api/notifications/settings": {
    url: "/api/notifications/settings",
    valid: {
      smtpHost: "127.0.0.1",
      smtpPort: 2525,
      smtpFrom: "cadre@example.com",
      slackWebhookUrl: "http://127.0.0.1:9/s",
    },
  },
  "POST /api/notifications/test": { url: "/api/notifications/test", valid: { channel: "slack" } },
  "POST /api/notifications/webhooks": {
    url: "/api/notifications/webhooks",
    valid: { url: "http://127.0.0.1:9/hook", description: "d", events: ["approval.requested"] },
  },
  "PATCH /api/notifications/webhooks/[id]": {
    url: `/api/notifications/webhooks/${missingId}`,
    params: { id: missingId },
    valid: { enabled: false, events: ["execution.failed"] },
  },
  "POST /api/notifications/webhooks/[id]": {
    url: `/api/notifications/webhooks/${missingId}`,
    params: { id: missingId },
  },
  "POST /api/deliveries/[id]/redeliver": { url: `/api/deliveries/${missingId}/redeliver`, params: { id: missingId } },
  "PUT /api/settings": { url: "/api/settings", valid: { anthropicBaseUrl: "https://example.com" } },
  "POST /api/setup": {
    url: "/api/setup",
    headers: { origin: ORIGIN },
    valid: { name: "N", email: "setup@example.com", password: "password-123" },
  },
  "POST /api/skills": { url: "/api/skills", valid: { name: "x-skill", description: "d", body: "b" } },
  "PUT /api/skills/[name]": {
    url: "/api/skills/hostile-skill",
    params: { name: "hostile-skill" },
    valid: { description: "d2" },
  },
  "POST /api/skills/[name]/resolve": {
    url: "/api/skills/hostile-skill/resolve",
    params: { name: "hostile-skill" },
    valid: { keep: "cadre" },
  },
  "POST /api/skills/sync": { url: "/api/skills/sync", valid: { dryRun: true } },
  "PUT /api/skills/sync": {
    url: "/api/skills/sync",
    valid: { repoUrl: "https://example.com/skills.git", branch: "main" },
  },
  "POST /api/tokens": { url: "/api/tokens", valid: { name: "t", expiresInDays: 30 } },
  "POST /api/users": {
    url: "/api/users",
    valid: { email: "u@example.com", name: "U", password: "password-123", role: "user" },
  },
  "PATCH /api/users/[id]": { url: `/api/users/${target.id}`, params: { id: target.id }, valid: { name: "Renamed" } },
  "POST /api/users/[id]/password": {
    url: `/api/users/${target.id}/password`,
    params: { id: target.id },
    valid: { password: "password-456" },
  },
};

const deep = (levels: number, open: string, close: string, inner = "1") =>
  open.repeat(levels) + inner + close.repeat(levels);
const aliasBomb = ["name: bomb", "a: &a [x, x, x, x, x, x, x, x, x, x]"]
  .concat(
    ["b", "c", "d", "e", "f", "g", "h", "i"].map(
      (k, i) =>
        `${k}: &${k} [${Array(10)
          .fill(`*${String.fromCharCode(97 + i)}`)
          .join(", ")}]`,
    ),
  )
  .concat(["steps: []"])
  .join("\n");
const templateFlood = `name: flood\nsteps:\n  - id: a\n    type: human_approval\n    title: "${"{{input.k}}".repeat(10_000)}"\n`;
const manySteps = `name: many\nsteps:\n${Array.from({ length: 5000 }, (_, i) => `  - id: s${i}\n    type: human_approval\n    title: t\n`).join("")}`;
const deepYaml = `name: deep\nsteps: ${deep(5000, "[", "]", "")}\n`;

/** Raw bodies sent as they are (with Content-Type: application/json unless said otherwise). */
const RAW: { name: string; body: string; type?: string }[] = [
  { name: "truncated JSON", body: '{"name":' },
  { name: "single quotes", body: "{'name': 1}" },
  { name: "trailing comma", body: '{"a": 1,}' },
  { name: "NUL byte", body: "\u0000" },
  { name: "invalid UTF-8", body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]).toString("latin1") },
  { name: "array", body: "[]" },
  { name: "string", body: '"text"' },
  { name: "number", body: "123" },
  { name: "null", body: "null" },
  { name: "Infinity by exponent", body: '{"n": 1e309}' },
  { name: "deep objects", body: deep(5000, '{"a":', "}") },
  { name: "deep arrays", body: deep(4500, "[", "]") },
  { name: "2 MB string", body: JSON.stringify({ message: "x".repeat(2 * 1024 * 1024) }) },
  { name: "prototype key", body: '{"__proto__": {"role": "admin"}}' },
  { name: "nested prototype key", body: '{"input": {"__proto__": {"polluted": true}}}' },
  { name: "constructor prototype", body: '{"constructor": {"prototype": {"polluted": true}}}' },
  { name: "text/plain", body: "{}", type: "text/plain" },
  { name: "form", body: "name=x", type: "application/x-www-form-urlencoded" },
];

/** Values that replace one field of a valid body at a time. */
const FIELD_VALUES: { name: string; value: unknown }[] = [
  { name: "array", value: [] },
  { name: "object", value: { nested: true } },
  { name: "negative number", value: -1 },
  { name: "huge number", value: 1e300 },
  { name: "boolean", value: true },
  { name: "null", value: null },
  { name: "NUL", value: "a\u0000b" },
  { name: "bidi override", value: "evil\u202Etxt.exe" },
  { name: "C1 control", value: "a\u0085b" },
  { name: "lone surrogate", value: "a\ud800b" },
  { name: "path traversal", value: "../../../../etc/passwd" },
  { name: "absolute path", value: "/etc/shadow" },
  { name: "200 KB string", value: "y".repeat(200_000) },
  { name: "YAML alias bomb", value: aliasBomb },
  { name: "template flood", value: templateFlood },
  { name: "5,000 steps", value: manySteps },
  { name: "deep YAML", value: deepYaml },
  { name: "bad cron", value: "* * * * * * * *" },
  { name: "cron out of range", value: "99 99 * * *" },
  { name: "cron nickname", value: "@reboot" },
  { name: "bad time zone", value: "Mars/Olympus_Mons" },
  { name: "time zone traversal", value: "../../../etc/localtime" },
  { name: "deep input", value: JSON.parse(deep(30, '{"a":', "}")) },
];

const IGNORED_TABLES = new Set(["Session", "RateLimit", "SignInFailure", "Verification", "_prisma_migrations"]);

/** The tables' content, without what reads may touch (token use times, sessions, rate limits). */
async function fingerprint(): Promise<string> {
  const tables = await db.$queryRawUnsafe<{ name: string }[]>(
    dialect().name === "sqlite"
      ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
      : "SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
  );
  const hash = crypto.createHash("sha256");
  for (const { name } of tables
    .filter((t) => !IGNORED_TABLES.has(t.name))
    .sort((x, y) => x.name.localeCompare(y.name))) {
    const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM "${name}"`);
    const lines = rows.map((row) => {
      delete row.lastUsedAt;
      return `${name}:${JSON.stringify(row, (_k, v) => (typeof v === "bigint" ? String(v) : v))}`;
    });
    for (const line of lines.sort()) hash.update(`${line}\n`);
  }
  return hash.digest("hex");
}

const routes = scanApiRoutes(ROOT);
const writes = routes.flatMap((r) =>
  r.methods
    .filter((m) => ["POST", "PUT", "PATCH"].includes(m))
    .map((m) => ({ key: `${m} ${r.path}`, method: m, file: r.file })),
);

test("every route that takes a body is in the corpus", () => {
  const missing = writes.filter((w) => !TARGETS[w.key]).map((w) => w.key);
  assert.deepEqual(missing, [], "add a target for these routes");
});

test("the hostile corpus: no 5xx, the error shape for every refusal, nothing written by a refusal, the event loop never held", async () => {
  // Route modules are loaded first: compiling them is not what the corpus measures.
  const modules = new Map(
    await Promise.all(writes.map(async (w) => [w.file, await import(path.join(ROOT, w.file))] as const)),
  );
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  let worst = { ms: 0, what: "" };
  let tried = 0;
  let serverErrors = 0;
  let refused = 0;
  const failures: string[] = [];

  for (const w of writes) {
    const t = TARGETS[w.key];
    const mod = modules.get(w.file);
    const requests: { what: string; rawBody: string; type: string }[] = RAW.map((r) => ({
      what: r.name,
      rawBody: r.body,
      type: r.type ?? "application/json",
    }));
    for (const field of Object.keys(t.valid ?? {})) {
      for (const v of FIELD_VALUES)
        requests.push({
          what: `${field} = ${v.name}`,
          rawBody: JSON.stringify({ ...t.valid, [field]: v.value }),
          type: "application/json",
        });
    }
    if (t.valid) {
      requests.push({
        what: "unknown key",
        rawBody: JSON.stringify({ ...t.valid, cron_expression: "invalid" }),
        type: "application/json",
      });
      requests.push({
        what: "unknown nested",
        rawBody: JSON.stringify({ ...t.valid, extra: { a: 1 } }),
        type: "application/json",
      });
    }
    for (const r of requests) {
      const before = await fingerprint();
      // The stall is measured around each request alone.
      loop.reset();
      const res = await call(mod, w.method, t.url, {
        token:
          w.key.includes("/api/auth/") || w.key.includes("/setup") || w.key.includes("/internal/")
            ? undefined
            : admin.token,
        params: t.params,
        rawBody: r.rawBody,
        headers: { "content-type": r.type, ...t.headers },
      }).catch((err: unknown) => ({ status: 599, body: { thrown: String(err) } }));
      tried++;
      if (loop.max / 1e6 > worst.ms) worst = { ms: loop.max / 1e6, what: `${w.key} [${r.what}]` };
      const label = `${w.key} [${r.what}] → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`;
      if (res.status >= 500) {
        serverErrors++;
        failures.push(label);
        continue;
      }
      if (res.status >= 400) {
        refused++;
        if (typeof res.body?.error?.code !== "string" && typeof res.body?.code !== "string")
          failures.push(`error shape: ${label}`);
        if ((await fingerprint()) !== before) failures.push(`wrote while refusing: ${label}`);
      }
    }
  }
  loop.disable();
  const maxLoopMs = worst.ms;
  console.log(
    `[hostile-input] ${writes.length} routes, ${tried} requests, ${refused} refused, ${serverErrors} answered 5xx; longest event-loop stall ${maxLoopMs.toFixed(0)} ms (${worst.what})`,
  );
  assert.deepEqual(failures, []);
  assert.equal(serverErrors, 0);
  // A parser that ran for seconds (the template flood took 9–12 s) would hold every other request that long.
  assert.ok(maxLoopMs < 1000, `the event loop was held ${maxLoopMs.toFixed(0)} ms`);
});
