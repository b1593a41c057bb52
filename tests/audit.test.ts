// The audit log end to end, through the real route handlers and the real worker: every kind of change writes its
// entry with who, from which address and what changed (secrets masked); a refused change writes none; owners see
// their agents' entries and nothing else; the database refuses to edit an entry; pruning; the CSV export.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { startStack } from "./support/stack";
import { stateWaiter } from "./support/wait";

const stack = await startStack("audit");
const { db } = await import("@/lib/db");
const { call } = await import("./support/http");
const { createTestUser } = await import("./support/users");
const { createProcess, startRun, pendingApproval, decide } = await import("./support/processes");
const { pruneAudit } = await import("@/lib/audit");
const agentsRoute = await import("@/app/api/agents/route");
const agentRoute = await import("@/app/api/agents/[name]/route");
const stopRoute = await import("@/app/api/agents/[name]/stop/route");
const startRoute = await import("@/app/api/agents/[name]/start/route");
const schedulesRoute = await import("@/app/api/agents/[name]/schedules/route");
const scheduleRoute = await import("@/app/api/agents/[name]/schedules/[id]/route");
const pauseRoute = await import("@/app/api/agents/[name]/schedules/[id]/pause/route");
const resumeRoute = await import("@/app/api/agents/[name]/schedules/[id]/resume/route");
const backfillRoute = await import("@/app/api/agents/[name]/schedules/[id]/backfill/route");
const triggerRoute = await import("@/app/api/agents/[name]/schedules/[id]/trigger/route");
const skillsRoute = await import("@/app/api/skills/route");
const skillRoute = await import("@/app/api/skills/[name]/route");
const assignRoute = await import("@/app/api/agents/[name]/skills/[skill]/route");
const settingsRoute = await import("@/app/api/settings/route");
const syncRoute = await import("@/app/api/skills/sync/route");
const tokensRoute = await import("@/app/api/tokens/route");
const tokenRoute = await import("@/app/api/tokens/[id]/route");
const usersRoute = await import("@/app/api/users/route");
const userRoute = await import("@/app/api/users/[id]/route");
const passwordRoute = await import("@/app/api/users/[id]/password/route");
const auditRoute = await import("@/app/api/audit/route");
const exportRoute = await import("@/app/api/audit/export/route");

after(() => stack.stop());

const admin = await createTestUser("admin");
const owner = await createTestUser("user");
const other = await createTestUser("user");
const waitFor = stateWaiter(() => stack.worker.output(), 30_000);

/** The address the web server resolved for the request (scripts/web-server.ts sets X-Forwarded-For to it). */
const FROM = { "x-forwarded-for": "203.0.113.7" };

interface Entry {
  id: string;
  createdAt: string;
  actor: { id: string | null; label: string };
  ip: string | null;
  action: string;
  target: { type: string; id: string | null; label: string | null };
  agent: { id: string; name: string } | null;
  before: Record<string, any> | null;
  after: Record<string, any> | null;
}

async function audit(query = "", token = admin.token) {
  const res = await call(auditRoute, "GET", `/api/audit${query ? `?${query}` : ""}`, { token });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body as { entries: Entry[]; nextCursor: string | null; scope: string };
}

/** The newest entry with this action (and target id). */
async function latest(action: string, targetId?: string): Promise<Entry> {
  const { entries } = await audit(`action=${action}&limit=200`);
  const found = entries.find((e) => e.action === action && (!targetId || e.target.id === targetId));
  assert.ok(found, `an ${action} entry${targetId ? ` for ${targetId}` : ""}`);
  return found;
}

const count = () => db.auditEntry.count();

async function createAgent(name: string, command: string, token = admin.token) {
  const res = await call(agentsRoute, "POST", "/api/agents", {
    token,
    headers: FROM,
    body: { name, runtime: "command", command, concurrencyLimit: 10, start: true },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.agent as { id: string; name: string };
}

const agent = await createAgent("audit-echo", "cat");
const sched = (id: string, suffix = "") => `/api/agents/${agent.name}/schedules/${id}${suffix}`;

test("schedule changes: created, updated (only what changed), disabled/enabled, paused/resumed, run now, backfilled, deleted", async () => {
  const created = await call(schedulesRoute, "POST", `/api/agents/${agent.name}/schedules`, {
    token: admin.token,
    headers: FROM,
    params: { name: agent.name },
    body: { name: "nightly", cron: "0 3 * * *", message: "tick", overlapPolicy: "allow" },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const id = created.body.schedule.id as string;
  const one = (mod: Record<string, unknown>, method: string, suffix: string, body?: unknown) =>
    call(mod, method, sched(id, suffix), { token: admin.token, headers: FROM, params: { name: agent.name, id }, body });

  const c = await latest("schedule.created", id);
  assert.equal(c.actor.id, admin.id);
  assert.equal(c.actor.label, `${admin.email} (token tests)`);
  assert.equal(c.ip, "203.0.113.7");
  assert.equal(c.target.type, "schedule");
  assert.equal(c.target.label, `${agent.name} / nightly`);
  assert.deepEqual(c.agent, { id: agent.id, name: agent.name });
  assert.equal(c.after?.cron, "0 3 * * *");
  assert.equal(c.before, null);

  assert.equal((await one(scheduleRoute, "PUT", "", { cron: "0 4 * * *", message: "tick" })).status, 200);
  const u = await latest("schedule.updated", id);
  assert.deepEqual(u.before, { cron: "0 3 * * *" }, "only the changed field, before");
  assert.deepEqual(u.after, { cron: "0 4 * * *" }, "only the changed field, after");

  assert.equal((await one(scheduleRoute, "PUT", "", { enabled: false })).status, 200);
  assert.deepEqual((await latest("schedule.disabled", id)).after, { enabled: false });
  assert.equal((await one(scheduleRoute, "PUT", "", { enabled: true })).status, 200);
  assert.deepEqual((await latest("schedule.enabled", id)).before, { enabled: false });

  assert.equal((await one(pauseRoute, "POST", "/pause", { note: "freeze" })).status, 200);
  assert.equal((await latest("schedule.paused", id)).after?.note, "freeze");
  const before = await count();
  assert.equal((await one(pauseRoute, "POST", "/pause", { note: "again" })).status, 409);
  assert.equal(await count(), before, "a refused pause writes no entry");
  assert.equal((await one(resumeRoute, "POST", "/resume")).status, 200);
  assert.equal((await latest("schedule.resumed", id)).before?.note, "freeze");

  assert.equal((await one(triggerRoute, "POST", "/trigger")).status, 202);
  const r = await latest("schedule.run_now", id);
  assert.ok(r.after?.executionId);
  assert.equal(r.ip, "203.0.113.7");

  const to = new Date(Date.now() - 3_600_000);
  to.setUTCMinutes(30, 0, 0);
  const from = new Date(to.getTime() - 2 * 86_400_000);
  const backfill = await one(backfillRoute, "POST", "/backfill", {
    from: from.toISOString(),
    to: to.toISOString(),
    confirm: true,
  });
  assert.equal(backfill.status, 200, JSON.stringify(backfill.body));
  const b = await latest("schedule.backfilled", id);
  assert.equal(b.after?.queued, 2);

  assert.ok((await one(scheduleRoute, "DELETE", "")).status < 300);
  const d = await latest("schedule.deleted", id);
  assert.equal(d.before?.name, "nightly");
  assert.equal(d.target.label, `${agent.name} / nightly`, "the label outlives the schedule");

  // A second schedule with a taken name is refused: no entry.
  const n = await count();
  await call(schedulesRoute, "POST", `/api/agents/${agent.name}/schedules`, {
    token: admin.token,
    params: { name: agent.name },
    body: { name: "dup", cron: "0 3 * * *", message: "m" },
  });
  const dup = await call(schedulesRoute, "POST", `/api/agents/${agent.name}/schedules`, {
    token: admin.token,
    params: { name: agent.name },
    body: { name: "dup", cron: "0 5 * * *", message: "m" },
  });
  assert.equal(dup.status, 409);
  assert.equal(await count(), n + 1, "the refused create wrote no entry");
});

test("the worker's auto-pause is recorded with the system as actor", async () => {
  const failing = await createAgent("audit-failing", "exit 1");
  const res = await call(schedulesRoute, "POST", `/api/agents/${failing.name}/schedules`, {
    token: admin.token,
    params: { name: failing.name },
    body: { name: "fails", cron: "* * * * * *", message: "m", autoPauseAfterFailures: 1 },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const id = res.body.schedule.id as string;
  const entry = await waitFor("the auto-pause entry", async () =>
    db.auditEntry.findFirst({ where: { action: "schedule.auto_paused", targetId: id } }),
  );
  assert.equal(entry.actorId, null);
  assert.equal(entry.actorLabel, "system");
  assert.equal(entry.ip, null);
  assert.equal(entry.agentName, failing.name);
  assert.match(entry.after ?? "", /consecutive failure/);
});

test("agent changes: created, updated, stopped, started, deleted", async () => {
  const a = await createAgent("audit-agent", "cat");
  const created = await latest("agent.created", a.id);
  assert.equal(created.after?.command, "cat");
  assert.equal(created.ip, "203.0.113.7");
  const params = { name: a.name };
  const put = await call(agentRoute, "PUT", `/api/agents/${a.name}`, {
    token: admin.token,
    params,
    body: { description: "new words", concurrencyLimit: 10 },
  });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  const updated = await latest("agent.updated", a.id);
  assert.deepEqual(updated.before, { description: "" });
  assert.deepEqual(updated.after, { description: "new words" });
  assert.equal((await call(stopRoute, "POST", "/", { token: admin.token, params })).status, 200);
  assert.deepEqual((await latest("agent.stopped", a.id)).after, { status: "stopped" });
  assert.equal((await call(startRoute, "POST", "/", { token: admin.token, params })).status, 200);
  assert.deepEqual((await latest("agent.started", a.id)).after, { status: "running" });
  const del = await call(agentRoute, "DELETE", `/api/agents/${a.name}`, { token: admin.token, params });
  assert.ok(del.status < 300, JSON.stringify(del.body));
  const deleted = await latest("agent.deleted", a.id);
  assert.equal(deleted.before?.name, "audit-agent");
  assert.equal(deleted.agent?.name, "audit-agent");
});

test("skill changes: created, updated, assigned, unassigned, deleted", async () => {
  const res = await call(skillsRoute, "POST", "/api/skills", {
    token: admin.token,
    body: { name: "audit-skill", description: "first", body: "Do it" },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const created = await latest("skill.created");
  assert.equal(created.target.label, "audit-skill");
  const params = { name: "audit-skill" };
  assert.equal(
    (await call(skillRoute, "PUT", "/", { token: admin.token, params, body: { description: "second" } })).status,
    200,
  );
  const updated = await latest("skill.updated");
  assert.deepEqual(updated.before, { description: "first" });
  assert.deepEqual(updated.after, { description: "second" });
  const assignParams = { name: agent.name, skill: "audit-skill" };
  assert.equal((await call(assignRoute, "POST", "/", { token: admin.token, params: assignParams })).status, 201);
  assert.equal((await latest("skill.assigned")).agent?.name, agent.name);
  assert.ok((await call(assignRoute, "DELETE", "/", { token: admin.token, params: assignParams })).status < 300);
  assert.equal((await latest("skill.unassigned")).agent?.name, agent.name);
  assert.equal((await call(skillRoute, "DELETE", "/", { token: admin.token, params })).status, 204);
  assert.equal((await latest("skill.deleted")).before?.description, "second");
});

test("skills sync: its settings (the token masked) and each applied sync are recorded", async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cadre-audit-remote-"));
  const bare = path.join(tmp, "skills.git");
  const work = path.join(tmp, "work");
  const git = (cwd: string, ...args: string[]) => execFileSync("git", args, { cwd, encoding: "utf8" }).trim();
  git(tmp, "init", "--quiet", "--bare", "--initial-branch=main", bare);
  git(tmp, "clone", "--quiet", bare, work);
  git(work, "config", "user.email", "upstream@example.com");
  git(work, "config", "user.name", "Upstream");
  git(work, "checkout", "--quiet", "-b", "main");
  fs.mkdirSync(path.join(work, "library", "synced-skill"), { recursive: true });
  fs.writeFileSync(
    path.join(work, "library", "synced-skill", "SKILL.md"),
    "---\nname: synced-skill\ndescription: From Git\n---\n\nDo $ARGUMENTS\n",
  );
  git(work, "add", "-A");
  git(work, "commit", "--quiet", "-m", "one skill");
  git(work, "push", "--quiet", "origin", "main");
  const TOKEN = "ghp_auditSecretToken1234567890";
  const sync = (method: string, body: unknown) =>
    call(syncRoute, method, "/api/skills/sync", { token: admin.token, headers: FROM, body });

  const saved = await sync("PUT", { repoUrl: bare, branch: "main", folder: "library", token: TOKEN });
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
  const settings = await latest("settings.updated");
  assert.equal(settings.target.id, "skills.sync");
  assert.equal(settings.after?.["skills.repoUrl"], bare);
  assert.equal(settings.after?.["skills.token"], "••••");
  const preview = await sync("POST", { dryRun: true });
  assert.equal(preview.status, 200, JSON.stringify(preview.body));
  const confirmed = await sync("POST", { confirm: preview.body.preview.fingerprint });
  assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
  const synced = await latest("skills.synced");
  assert.equal(synced.actor.id, admin.id);
  assert.deepEqual(synced.after?.added, ["synced-skill"]);
  assert.ok(!JSON.stringify(await db.auditEntry.findMany()).includes(TOKEN), "the token is in no entry");
});

test("settings: the change with before/after, the API key masked, the retention itself audited", async () => {
  const secret = "sk-ant-audit-secret-0123456789";
  const res = await call(settingsRoute, "PUT", "/api/settings", {
    token: admin.token,
    headers: FROM,
    body: { anthropicApiKey: secret, scheduleMinIntervalSeconds: 120, auditRetentionDays: 400 },
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.audit.retentionDays, 400);
  const e = await latest("settings.updated");
  assert.deepEqual(e.before, { anthropicApiKey: null, scheduleMinIntervalSeconds: 60, auditRetentionDays: null });
  assert.deepEqual(e.after, { anthropicApiKey: "••••", scheduleMinIntervalSeconds: 120, auditRetentionDays: 400 });
  const all = await db.auditEntry.findMany();
  assert.ok(!JSON.stringify(all).includes(secret), "the key is in no entry");
  const n = await count();
  const bad = await call(settingsRoute, "PUT", "/api/settings", {
    token: admin.token,
    body: { auditRetentionDays: 0 },
  });
  assert.equal(bad.status, 400);
  assert.match(JSON.stringify(bad.body), /auditRetentionDays/);
  assert.equal(await count(), n, "refused input writes nothing");
  assert.equal(
    (await call(settingsRoute, "PUT", "/api/settings", { token: admin.token, body: { auditRetentionDays: null } }))
      .status,
    200,
  );
  assert.deepEqual((await latest("settings.updated")).after, { auditRetentionDays: null });
});

test("tokens and people: token created/revoked, user created, renamed, role changed, password reset, deleted", async () => {
  const t = await call(tokensRoute, "POST", "/api/tokens", { token: owner.token, body: { name: "=1+1" } });
  assert.equal(t.status, 201, JSON.stringify(t.body));
  const created = await latest("token.created", t.body.record.id);
  assert.equal(created.actor.id, owner.id);
  assert.ok(!JSON.stringify(created).includes(t.body.token), "the token itself is not kept");
  assert.equal(
    (await call(tokenRoute, "DELETE", "/", { token: owner.token, params: { id: t.body.record.id } })).status,
    200,
  );
  assert.equal((await latest("token.revoked", t.body.record.id)).before?.name, "=1+1");

  const email = `audited-${Date.now()}@example.com`;
  const u = await call(usersRoute, "POST", "/api/users", {
    token: admin.token,
    headers: FROM,
    body: { email, name: "Audited", password: "password-12345", role: "user" },
  });
  assert.equal(u.status, 201, JSON.stringify(u.body));
  const id = u.body.user.id as string;
  const uc = await latest("user.created", id);
  assert.equal(uc.target.label, email);
  assert.equal(uc.ip, "203.0.113.7");
  assert.ok(!JSON.stringify(uc).includes("password-12345"));
  const patch = (body: unknown) => call(userRoute, "PATCH", "/", { token: admin.token, params: { id }, body });
  assert.equal((await patch({ name: "Renamed" })).status, 200);
  assert.deepEqual((await latest("user.updated", id)).after, { name: "Renamed" });
  assert.equal((await patch({ role: "admin" })).status, 200);
  assert.deepEqual((await latest("user.role_changed", id)).after, { role: "admin" });
  assert.equal((await patch({ role: "user" })).status, 200);
  assert.deepEqual((await latest("user.role_changed", id)).before, { role: "admin" });
  const pw = await call(passwordRoute, "POST", "/", {
    token: admin.token,
    params: { id },
    body: { password: "another-password-1" },
  });
  assert.equal(pw.status, 200, JSON.stringify(pw.body));
  assert.ok(!JSON.stringify(await latest("user.password_reset", id)).includes("another-password-1"));
  // Demoting yourself is refused: nothing written.
  const n = await count();
  const self = await call(userRoute, "PATCH", "/", {
    token: admin.token,
    params: { id: admin.id },
    body: { role: "user" },
  });
  assert.equal(self.status, 409);
  assert.equal(await count(), n);
  assert.equal((await call(userRoute, "DELETE", "/", { token: admin.token, params: { id } })).status, 200);
  const gone = await latest("user.deleted", id);
  assert.equal(gone.before?.email, email);
  assert.equal(gone.target.label, email, "the label outlives the user");
});

test("an approval decision is recorded with the decider and the outcome; a timeout with the system", async () => {
  const process = await createProcess(
    admin,
    `name: audit-approval
steps:
  - id: review
    type: human_approval
    title: "Ship it?"
    approvers: ["${other.email}"]
`,
  );
  const run = await startRun(admin, process.id);
  const approval = await pendingApproval(admin, run.id, "review");
  const n = await count();
  assert.equal((await decide(owner, approval.id, "approve")).status, 403);
  assert.equal(await count(), n, "a refused decision writes nothing");
  assert.equal((await decide(other, approval.id, "approve", "looks good")).status, 200);
  const e = await latest("approval.decided", approval.id);
  assert.equal(e.actor.id, other.id);
  assert.deepEqual(e.before, { status: "pending" });
  assert.deepEqual(e.after, { decision: "approve", comment: "looks good", status: "approved" });

  // A deadline the worker applies is recorded with the system as actor.
  const timed = await createProcess(
    admin,
    `name: audit-timeout
steps:
  - id: review
    type: human_approval
    title: "In time?"
    approvers: ["${other.email}"]
    timeout: 1s
    on_timeout: reject
`,
  );
  const late = await pendingApproval(admin, (await startRun(admin, timed.id)).id, "review");
  const entry = await waitFor("the timeout's entry", async () =>
    db.auditEntry.findFirst({ where: { action: "approval.timed_out", targetId: late.id } }),
  );
  assert.equal(entry.actorLabel, "system");
  assert.deepEqual(JSON.parse(entry.after ?? "{}"), { status: "timed_out", onTimeout: "reject" });
});

test("owners see their agents' entries and nothing else; others see none; filters and pages", async () => {
  const mine = await createAgent("audit-owned", "cat");
  await db.agent.update({ where: { id: mine.id }, data: { ownerId: owner.id } });
  const res = await call(schedulesRoute, "POST", `/api/agents/${mine.name}/schedules`, {
    token: owner.token,
    params: { name: mine.name },
    body: { name: "owned", cron: "0 9 * * *", message: "m" },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const seen = await audit("limit=200", owner.token);
  assert.equal(seen.scope, "own_agents");
  assert.ok(seen.entries.length >= 2);
  assert.ok(
    seen.entries.every((e) => e.agent?.id === mine.id),
    "only entries about the owner's agent",
  );
  assert.ok(seen.entries.some((e) => e.action === "schedule.created"));
  const none = await audit("limit=200", other.token);
  assert.deepEqual(none.entries, []);

  const byAgent = await audit(`agent=${mine.name}`);
  assert.ok(byAgent.entries.length >= 2 && byAgent.entries.every((e) => e.agent?.name === mine.name));
  const bySchedules = await audit("action=schedule&limit=200");
  assert.ok(bySchedules.entries.length > 5 && bySchedules.entries.every((e) => e.action.startsWith("schedule.")));
  const byType = await audit("targetType=user&limit=200");
  assert.ok(byType.entries.length > 0 && byType.entries.every((e) => e.target.type === "user"));
  const byActor = await audit(`actor=${owner.id}&limit=200`);
  assert.ok(byActor.entries.length > 0 && byActor.entries.every((e) => e.actor.id === owner.id));
  const byText = await audit("q=OWNED&limit=200");
  assert.ok(
    byText.entries.some((e) => e.target.label === `${mine.name} / owned`),
    "q in any case",
  );
  const future = await audit(`from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`);
  assert.deepEqual(future.entries, []);

  // Pages: newest first, no entry twice.
  const ids: string[] = [];
  let cursor: string | null = null;
  let last = Number.POSITIVE_INFINITY;
  do {
    const page = await audit(`limit=7${cursor ? `&cursor=${cursor}` : ""}`);
    for (const e of page.entries) {
      assert.ok(Date.parse(e.createdAt) <= last, "newest first");
      last = Date.parse(e.createdAt);
      ids.push(e.id);
    }
    cursor = page.nextCursor;
  } while (cursor);
  assert.equal(new Set(ids).size, ids.length);
  assert.equal(ids.length, await count());

  const bad = await call(auditRoute, "GET", "/api/audit?action=DROP%20TABLE", { token: admin.token });
  assert.equal(bad.status, 400);
  assert.match(JSON.stringify(bad.body), /action/);
  assert.equal((await call(auditRoute, "GET", "/api/audit", {})).status, 401);
});

test("the database refuses to edit an entry; deleting stays possible for pruning", async () => {
  const e = await db.auditEntry.findFirstOrThrow();
  await assert.rejects(
    db.$executeRaw`UPDATE "AuditEntry" SET "actorLabel" = 'someone else' WHERE "id" = ${e.id}`,
    /append-only/,
  );
  await assert.rejects(db.auditEntry.update({ where: { id: e.id }, data: { action: "x" } }), /append-only/);
  assert.equal((await db.auditEntry.findUniqueOrThrow({ where: { id: e.id } })).actorLabel, e.actorLabel);
});

test("pruning: off by default; with a retention, older entries go, once, recorded as audit.pruned", async () => {
  const { auditWrite, SYSTEM_ACTOR } = await import("@/lib/audit");
  const old = new Date(Date.now() - 40 * 86_400_000);
  for (let i = 0; i < 3; i++)
    await auditWrite(db, SYSTEM_ACTOR, { action: "test.old", targetType: "test", targetLabel: `old ${i}` }, old);
  assert.equal(await pruneAudit(), 0, "no retention: nothing pruned");
  assert.equal(await db.auditEntry.count({ where: { action: "test.old" } }), 3);
  const set = await call(settingsRoute, "PUT", "/api/settings", {
    token: admin.token,
    body: { auditRetentionDays: 30 },
  });
  assert.equal(set.status, 200);
  const total = await count();
  const pruned = await Promise.all([pruneAudit(), pruneAudit()]);
  assert.equal(pruned[0] + pruned[1], 3, "each old entry deleted once, whichever pruning got there");
  assert.equal(await db.auditEntry.count({ where: { action: "test.old" } }), 0);
  assert.equal(await db.auditEntry.count({ where: { action: "audit.pruned" } }), 1);
  assert.equal(await count(), total - 3 + 1);
  const entry = await latest("audit.pruned");
  assert.equal(entry.actor.label, "system");
  assert.equal(entry.after?.deleted, 3);
  await call(settingsRoute, "PUT", "/api/settings", { token: admin.token, body: { auditRetentionDays: null } });
});

test("CSV export: same filters, formula cells neutralised; owners' export is scoped too", async () => {
  const res = await exportRoute.GET(
    new Request("http://localhost:3000/api/audit/export?format=csv&targetType=token", {
      headers: { authorization: `Bearer ${admin.token}` },
    }),
    { params: Promise.resolve({}) },
  );
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type") ?? "", /text\/csv/);
  assert.match(res.headers.get("content-disposition") ?? "", /cadre-audit-.*\.csv/);
  const text = await res.text();
  const [header, ...rows] = text.trim().split("\r\n");
  assert.equal(header, "id,createdAt,actor,actorId,ip,action,targetType,targetId,target,agent,before,after");
  assert.ok(rows.length >= 2);
  assert.ok(rows.every((r) => r.includes(",token,")));
  assert.ok(text.includes(",'=1+1,"), "a cell starting with = is made text");
  const json = await call(exportRoute, "GET", "/api/audit/export?format=json", { token: owner.token });
  assert.equal(json.status, 200);
  assert.ok(json.body.entries.length > 0);
  assert.ok(
    json.body.entries.every((e: Entry) => e.agent !== null),
    "an owner's export holds only agent entries",
  );
});
