// Syncing the library from a Git repository: a local bare repository, commits pushed from a clone with the git CLI.
// A sync is previewed (nothing written), then confirmed by the preview's fingerprint (a stale one is a 409). First
// sync adds, later ones update and remove; a removed skill's agents get it back when it returns; an edited skill gone
// upstream is kept; a skill edited in Cadre and changed upstream becomes a conflict the admin resolves either way; the
// token never shows in a response or a SkillSync row. Every folder made here is removed at the end.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import test from "node:test";
import { setupTestEnv, teardownTestEnv } from "./support/env";

const env = setupTestEnv("skills-sync");
const { call } = await import("./support/http");
const { createTestUser } = await import("./support/users");
const { db } = await import("@/lib/db");
const { importBundledSkills } = await import("@/lib/skills/bundled");
const syncRoute = await import("@/app/api/skills/sync/route");
const skillRoute = await import("@/app/api/skills/[name]/route");
const skillsRoute = await import("@/app/api/skills/route");
const resolveRoute = await import("@/app/api/skills/[name]/resolve/route");
const agentsRoute = await import("@/app/api/agents/route");
const agentSkillsRoute = await import("@/app/api/agents/[name]/skills/route");
const startRoute = await import("@/app/api/agents/[name]/start/route");
const playbooksRoute = await import("@/app/api/agents/[name]/playbooks/route");

const admin = await createTestUser("admin");
const user = await createTestUser("user");
const TOKEN = "ghp_secretTokenValue1234567890";
const responses: unknown[] = [];

// The upstream: a bare repository and a working clone that pushes to it.
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cadre-skills-remote-"));
const bare = path.join(tmp, "skills.git");
const work = path.join(tmp, "work");
const gitIn = (cwd: string, ...args: string[]) => execFileSync("git", args, { cwd, encoding: "utf8" }).trim();
gitIn(tmp, "init", "--quiet", "--bare", "--initial-branch=main", bare);
gitIn(tmp, "clone", "--quiet", bare, work);
gitIn(work, "config", "user.email", "upstream@example.com");
gitIn(work, "config", "user.name", "Upstream");
gitIn(work, "checkout", "--quiet", "-b", "main");

function writeSkill(name: string, description: string, body: string, files: Record<string, string> = {}) {
  const dir = path.join(work, "library", name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "SKILL.md"), `---\nname: ${name}\ndescription: ${description}\n---\n\n${body}`);
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
}

function push(message: string): string {
  gitIn(work, "add", "-A");
  gitIn(work, "commit", "--quiet", "-m", message);
  gitIn(work, "push", "--quiet", "origin", "main");
  return gitIn(work, "rev-parse", "HEAD");
}

async function api(method: string, body?: unknown, token = admin.token) {
  const res = await call(syncRoute, method, "/api/skills/sync", { token, body });
  responses.push(res.body);
  return res;
}

async function getSkill(name: string) {
  const res = await call(skillRoute, "GET", `/api/skills/${name}`, { token: admin.token, params: { name } });
  responses.push(res.body);
  return res;
}

/** The plan a sync would apply now; asserts it answered. */
async function preview() {
  const res = await api("POST", { dryRun: true });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.match(res.body.preview.fingerprint, /^[0-9a-f]{64}$/);
  return res.body.preview;
}

const confirm = (fingerprint: string) => api("POST", { confirm: fingerprint });

/** Previews, then confirms that plan; answers the recorded sync. */
async function sync() {
  const confirmed = await confirm((await preview()).fingerprint);
  assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
  assert.equal(confirmed.body.sync.status, "succeeded", confirmed.body.sync.error);
  assert.equal((await api("GET")).body.last.id, confirmed.body.sync.id);
  return confirmed.body.sync;
}

/** Everything a sync could write, to compare before and after a preview. */
async function snapshot() {
  const [skills, assignments, remembered, syncs, settings] = await Promise.all([
    db.skill.findMany({ orderBy: { name: "asc" } }),
    db.agentSkill.findMany({ orderBy: [{ agentId: "asc" }, { skillId: "asc" }] }),
    db.removedSkillAssignment.findMany({ orderBy: [{ agentId: "asc" }, { skillName: "asc" }] }),
    db.skillSync.findMany({ orderBy: { id: "asc" } }),
    db.setting.findMany({ orderBy: { key: "asc" } }),
  ]);
  return JSON.stringify({ skills, assignments, remembered, syncs, settings });
}

const leftoverCheckouts = () => fs.readdirSync(env.dir).filter((n) => n.startsWith("skills-"));

async function createAgent(name: string) {
  const res = await call(agentsRoute, "POST", "/api/agents", {
    token: admin.token,
    body: { name, runtime: "command", command: "cat", start: false },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
}

async function agentSkills(agent: string, skills?: string[]): Promise<string[]> {
  const res = await call(agentSkillsRoute, skills ? "PUT" : "GET", `/api/agents/${agent}/skills`, {
    token: admin.token,
    params: { name: agent },
    body: skills && { skills },
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.skills.map((s: { name: string }) => s.name);
}

test("only admins see or change sync; bad bodies are 400s naming the field; settings never return the token", async () => {
  assert.equal((await call(syncRoute, "GET", "/api/skills/sync")).status, 401);
  assert.equal((await api("GET", undefined, user.token)).status, 403);
  assert.equal((await api("POST", { dryRun: true }, user.token)).status, 403);
  assert.equal((await api("PUT", { repoUrl: bare }, user.token)).status, 403);
  const none = await api("POST", { dryRun: true });
  assert.equal(none.status, 400);
  assert.equal(none.body.error.details[0].field, "repoUrl");
  for (const [body, field] of [
    [{}, "confirm"],
    [undefined, "confirm"],
    [{ dryRun: "yes" }, "dryRun"],
    [{ dryRun: false }, "dryRun"],
    [{ confirm: "not-a-fingerprint" }, "confirm"],
    [{ confirm: "a".repeat(65) }, "confirm"],
    [{ dryRun: true, confirm: "a".repeat(64) }, "confirm"],
    [{ dryRun: true, force: true }, "force"],
  ] as const) {
    const res = await api("POST", body);
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.equal(res.body.error.details[0].field, field, JSON.stringify(res.body));
  }
  const bad = await api("PUT", { repoUrl: "https://user:pw@example.com/x.git" });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.details[0].field, "repoUrl");
  assert.equal((await api("PUT", { repoUrl: "ext::sh -c touch% /tmp/pwned" })).status, 400);
  assert.equal((await api("PUT", { branch: "--upload-pack=evil" })).status, 400);
  assert.equal((await api("PUT", { folder: "../outside" })).status, 400);
  assert.equal(await db.skillSync.count(), 0, "no refused request recorded a sync");

  const saved = await api("PUT", { repoUrl: bare, branch: "main", folder: "library", token: TOKEN });
  assert.equal(saved.status, 200);
  assert.deepEqual(saved.body.settings, { repoUrl: bare, branch: "main", folder: "library", tokenSet: true });
  assert.equal(saved.body.running, false);
  assert.equal(saved.body.last, null);
});

test("a preview writes nothing; confirming applies it: first sync adds, an upstream change updates", async () => {
  writeSkill("standup", "Daily standup", "Summarise $ARGUMENTS\n", { "templates/day.md": "# Day\n" });
  writeSkill("research", "Research brief", "Research $ARGUMENTS\n");
  writeSkill("broken", "x", "y");
  fs.writeFileSync(path.join(work, "library", "broken", "SKILL.md"), "no frontmatter here\n");
  fs.symlinkSync("/etc/hostname", path.join(work, "library", "research", "leak.md"));
  const first = push("two skills");

  const before = await snapshot();
  const plan = await preview();
  assert.equal(await snapshot(), before, "the preview wrote nothing");
  assert.deepEqual(leftoverCheckouts(), [], "the preview's checkout is gone");
  assert.equal(plan.commit, first);
  assert.deepEqual(plan.added, [
    { name: "broken", restores: [] },
    { name: "research", restores: [] },
    { name: "standup", restores: [] },
  ]);
  assert.deepEqual([plan.updated, plan.removed, plan.kept, plan.conflicts], [[], [], [], []]);
  assert.equal((await getSkill("standup")).status, 404, "nothing added before the confirmation");
  assert.equal((await preview()).fingerprint, plan.fingerprint, "the same repository and library give the same plan");

  const confirmed = await confirm(plan.fingerprint);
  assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
  const result = confirmed.body.sync;
  assert.equal(result.status, "succeeded", result.error);
  assert.equal(result.commit, first);
  assert.deepEqual(result.added, ["broken", "research", "standup"]);
  assert.deepEqual([result.updated, result.removed, result.conflicts, result.kept], [[], [], [], []]);
  assert.deepEqual(result.invalid, ["broken: SKILL.md must start with YAML frontmatter: a first line of ---"]);
  assert.deepEqual(leftoverCheckouts(), []);
  const standup = (await getSkill("standup")).body.skill;
  assert.equal(standup.source, "git");
  assert.equal(standup.sourceVersion, first);
  assert.deepEqual(
    standup.files.map((f: { path: string }) => f.path),
    ["templates/day.md"],
  );
  const research = (await getSkill("research")).body.skill;
  assert.deepEqual(research.files, [], "a link in the repository is never followed");
  assert.equal(
    (await confirm(plan.fingerprint)).status,
    409,
    "a plan is applied once: the library it was made for has changed",
  );

  writeSkill("standup", "Daily standup, grouped by team", "Summarise by team: $ARGUMENTS\n");
  const second = push("group by team");
  const updatePlan = await preview();
  assert.deepEqual(updatePlan.updated, ["standup"]);
  assert.equal((await getSkill("standup")).body.skill.body, "Summarise $ARGUMENTS\n", "not updated by the preview");
  const updated = (await confirm(updatePlan.fingerprint)).body.sync;
  assert.equal(updated.commit, second);
  assert.deepEqual([updated.added, updated.updated, updated.removed], [[], ["standup"], []]);
  assert.equal((await getSkill("standup")).body.skill.body, "Summarise by team: $ARGUMENTS\n");
});

test("a skill in use that vanishes upstream is listed with its agents and stays until confirmed; when it returns its agents get it back", async () => {
  await createAgent("analyst");
  await createAgent("writer");
  await createAgent("idle");
  assert.deepEqual(await agentSkills("analyst", ["research", "standup"]), ["research", "standup"]);
  assert.deepEqual(await agentSkills("writer", ["research"]), ["research"]);

  fs.rmSync(path.join(work, "library", "research"), { recursive: true });
  push("drop research");
  const before = await snapshot();
  const plan = await preview();
  assert.deepEqual(plan.removed, [{ name: "research", agents: ["analyst", "writer"] }]);
  assert.deepEqual([plan.added, plan.updated, plan.kept], [[], [], []]);
  assert.equal(await snapshot(), before, "the preview removed nothing");
  assert.equal((await getSkill("research")).status, 200);
  assert.deepEqual(await agentSkills("writer"), ["research"]);

  const removed = (await confirm(plan.fingerprint)).body.sync;
  assert.deepEqual(removed.removed, ["research"]);
  assert.equal((await getSkill("research")).status, 404);
  assert.deepEqual(await agentSkills("analyst"), ["standup"]);
  assert.deepEqual(await agentSkills("writer"), []);

  // Back upstream: the preview says who gets it back, the confirmation gives it back (with the original assignment).
  writeSkill("research", "Research brief", "Research again: $ARGUMENTS\n");
  push("research is back");
  const back = await preview();
  assert.deepEqual(back.added, [{ name: "research", restores: ["analyst", "writer"] }]);
  assert.deepEqual((await confirm(back.fingerprint)).body.sync.added, ["research"]);
  assert.deepEqual(await agentSkills("analyst"), ["research", "standup"]);
  assert.deepEqual(await agentSkills("writer"), ["research"]);
  assert.deepEqual(await agentSkills("idle"), []);
  const playbooks = await call(playbooksRoute, "GET", "/api/agents/writer/playbooks", {
    token: admin.token,
    params: { name: "writer" },
  });
  assert.deepEqual(
    playbooks.body.playbooks.map((p: { name: string }) => p.name),
    ["research"],
    "offered in chat again",
  );
  assert.equal((await getSkill("research")).body.skill.agentCount, 2);
  assert.equal(await db.removedSkillAssignment.count(), 0, "nothing left to give back");
});

test("a stale plan is refused with 409 and nothing written: upstream moved, or the library changed since the preview", async () => {
  fs.rmSync(path.join(work, "library", "research"), { recursive: true });
  push("drop research again");
  const plan = await preview();
  assert.deepEqual(plan.removed, [{ name: "research", agents: ["analyst", "writer"] }]);

  // Someone assigns the skill to one more agent: the plan shown no longer says who loses it.
  assert.deepEqual(await agentSkills("idle", ["research"]), ["research"]);
  let before = await snapshot();
  const stale = await confirm(plan.fingerprint);
  assert.equal(stale.status, 409);
  assert.equal(stale.body.error.code, "conflict");
  assert.match(stale.body.error.message, /changed since the preview.*preview the sync again/);
  assert.equal(stale.body.error.details[0].field, "confirm");
  assert.equal(await snapshot(), before, "a refused confirmation writes nothing, not even a record");

  // Upstream moved after the preview: refused too, though the library is the same.
  const replan = await preview();
  assert.deepEqual(replan.removed, [{ name: "research", agents: ["analyst", "idle", "writer"] }]);
  writeSkill("extra", "Extra", "Extra $ARGUMENTS\n");
  push("extra");
  before = await snapshot();
  assert.equal((await confirm(replan.fingerprint)).status, 409);
  assert.equal(await snapshot(), before);
  assert.equal((await getSkill("research")).status, 200);

  // Two admins confirm the same fresh plan at once: exactly one applies it.
  const fresh = await preview();
  const both = await Promise.all([confirm(fresh.fingerprint), confirm(fresh.fingerprint)]);
  assert.deepEqual(both.map((r) => r.status).sort(), [200, 409]);
  assert.equal((await getSkill("research")).status, 404);
  assert.deepEqual((await getSkill("extra")).body.skill.source, "git");
  assert.equal(await db.skillSync.count({ where: { status: "running" } }), 0);
});

test("an edited skill gone upstream is kept and reported as kept (edited here), not removed", async () => {
  const edit = await call(skillRoute, "PUT", "/api/skills/extra", {
    token: admin.token,
    params: { name: "extra" },
    body: { body: "Our own extra: $ARGUMENTS\n" },
  });
  assert.equal(edit.status, 200);
  assert.deepEqual(await agentSkills("idle", ["extra"]), ["extra"]);
  fs.rmSync(path.join(work, "library", "extra"), { recursive: true });
  push("drop extra");
  const plan = await preview();
  assert.deepEqual(plan.kept, ["extra"]);
  assert.deepEqual(plan.removed, []);
  const result = (await confirm(plan.fingerprint)).body.sync;
  assert.deepEqual(result.kept, ["extra"]);
  assert.deepEqual(result.removed, [], "a kept skill is not reported removed");
  const skill = (await getSkill("extra")).body.skill;
  assert.equal(skill.source, "cadre");
  assert.equal(skill.body, "Our own extra: $ARGUMENTS\n");
  assert.deepEqual(await agentSkills("idle"), ["extra"], "its agents keep it");
  assert.deepEqual((await api("GET")).body.last.kept, ["extra"]);
});

test("edited in Cadre and changed upstream: a conflict with both versions; keep Cadre's, then take the source's", async () => {
  const edit = await call(skillRoute, "PUT", "/api/skills/standup", {
    token: admin.token,
    params: { name: "standup" },
    body: { body: "Cadre's own wording: $ARGUMENTS\n" },
  });
  assert.equal(edit.status, 200);
  assert.equal(edit.body.skill.edited, true);
  // A running agent with the skill: a conflict waiting beside the skill changes nothing it would be given.
  await createAgent("syncer");
  const pendingRestart = async () =>
    (
      await call(agentSkillsRoute, "GET", "/api/agents/syncer/skills", {
        token: admin.token,
        params: { name: "syncer" },
      })
    ).body.pendingRestart;
  await agentSkills("syncer", ["standup"]);
  assert.equal(
    (await call(startRoute, "POST", "/api/agents/syncer/start", { token: admin.token, params: { name: "syncer" } }))
      .status,
    200,
  );
  assert.equal(await pendingRestart(), false);

  writeSkill("standup", "Daily standup", "Upstream wording v3: $ARGUMENTS\n");
  const v3 = push("v3");
  const plan = await preview();
  assert.deepEqual(
    plan.conflicts.map((c: { name: string; reason: string }) => [c.name, c.reason]),
    [["standup", "edited"]],
  );
  assert.equal((await getSkill("standup")).body.skill.conflict, false, "the preview records no conflict");
  const conflicted = (await confirm(plan.fingerprint)).body.sync;
  assert.equal(await pendingRestart(), false, "recording a conflict does not ask for a restart");
  assert.deepEqual(conflicted.conflicts, ["standup"]);
  assert.deepEqual(conflicted.updated, []);
  let skill = (await getSkill("standup")).body.skill;
  assert.equal(skill.conflict, true);
  assert.equal(skill.body, "Cadre's own wording: $ARGUMENTS\n", "Cadre's version is kept");
  assert.match(skill.conflictVersion.content, /Upstream wording v3/);
  assert.equal(skill.conflictVersion.version, v3);

  const resolve = (keep: string) =>
    call(resolveRoute, "POST", "/api/skills/standup/resolve", {
      token: admin.token,
      params: { name: "standup" },
      body: { keep },
    });
  assert.equal(
    (
      await call(resolveRoute, "POST", "/api/skills/standup/resolve", {
        token: user.token,
        params: { name: "standup" },
        body: { keep: "cadre" },
      })
    ).status,
    403,
  );
  const kept = await resolve("cadre");
  assert.equal(kept.status, 200);
  assert.equal(kept.body.skill.conflict, false);
  assert.equal(kept.body.skill.edited, true);
  assert.equal(kept.body.skill.body, "Cadre's own wording: $ARGUMENTS\n");
  const quiet = await sync();
  assert.deepEqual([quiet.conflicts, quiet.updated], [[], []], "the version already seen does not conflict again");

  writeSkill("standup", "Daily standup", "Upstream wording v4: $ARGUMENTS\n");
  const v4 = push("v4");
  assert.deepEqual((await sync()).conflicts, ["standup"]);
  const taken = await resolve("source");
  assert.equal(taken.status, 200);
  skill = taken.body.skill;
  assert.equal(skill.body, "Upstream wording v4: $ARGUMENTS\n");
  assert.equal(skill.sourceVersion, v4);
  assert.deepEqual([skill.conflict, skill.edited], [false, false]);
  assert.equal(await pendingRestart(), true, "taking the source's version changes what the agent gets");
  assert.equal((await resolve("source")).status, 409);

  writeSkill("standup", "Daily standup", "Upstream wording v5: $ARGUMENTS\n");
  push("v5");
  assert.deepEqual((await sync()).updated, ["standup"], "unedited again, so the next change simply updates");

  // A skill made here with a name the repository also has: listed as a conflict, the local one stays.
  const local = await call(skillsRoute, "POST", "/api/skills", {
    token: admin.token,
    body: { name: "local-notes", description: "Ours", body: "Ours $ARGUMENTS" },
  });
  assert.equal(local.status, 201, JSON.stringify(local.body));
  writeSkill("local-notes", "Theirs", "Theirs $ARGUMENTS\n");
  push("local-notes upstream");
  const clash = await preview();
  assert.deepEqual(
    clash.conflicts.map((c: { name: string; reason: string }) => [c.name, c.reason]),
    [["local-notes", "local"]],
  );
  assert.deepEqual((await confirm(clash.fingerprint)).body.sync.conflicts, ["local-notes"]);
  assert.equal((await getSkill("local-notes")).body.skill.body, "Ours $ARGUMENTS");

  // A bundled skill of the same name: listed as a conflict that Git's version replaces.
  const bundledDir = path.join(tmp, "bundled");
  fs.mkdirSync(path.join(bundledDir, "house-style"), { recursive: true });
  fs.writeFileSync(
    path.join(bundledDir, "house-style", "SKILL.md"),
    "---\nname: house-style\ndescription: Bundled\n---\n\nBundled $ARGUMENTS\n",
  );
  assert.deepEqual((await importBundledSkills(bundledDir)).added, ["house-style"]);
  writeSkill("house-style", "From Git", "Git's house style $ARGUMENTS\n");
  push("house-style upstream");
  const bundledClash = await preview();
  assert.deepEqual(
    bundledClash.conflicts.map((c: { name: string; reason: string }) => [c.name, c.reason]),
    [["house-style", "bundled"]],
  );
  assert.equal((await getSkill("house-style")).body.skill.source, "bundled", "the preview replaced nothing");
  assert.deepEqual((await confirm(bundledClash.fingerprint)).body.sync.updated, ["house-style"]);
  assert.equal((await getSkill("house-style")).body.skill.source, "git");
});

test("one sync at a time (409); a repository that cannot be read is a 400 on repoUrl; the token is in no response and no row", async () => {
  // A sync holding the lock (another admin's, in flight): a confirmation waits its turn.
  const plan = await preview();
  await db.skillSync.create({ data: { id: "held-sync", status: "running", repoUrl: bare, branch: "main" } });
  await db.setting.create({ data: { key: "skills.syncLock", value: "held-sync" } });
  const busy = await confirm(plan.fingerprint);
  assert.equal(busy.status, 409);
  assert.match(busy.body.error.message, /already running/);
  assert.equal((await api("GET")).body.running, true);
  await db.skillSync.update({ where: { id: "held-sync" }, data: { status: "failed", finishedAt: new Date() } });
  assert.equal((await confirm(plan.fingerprint)).status, 200, "a lock whose sync ended is released");

  await api("PUT", { repoUrl: path.join(tmp, "missing.git") });
  const before = await snapshot();
  const failed = await api("POST", { dryRun: true });
  assert.equal(failed.status, 400);
  assert.equal(failed.body.error.details[0].field, "repoUrl");
  assert.match(failed.body.error.message, /Could not read the repository/);
  assert.equal(await snapshot(), before);
  assert.deepEqual(leftoverCheckouts(), []);

  const rows = await db.skillSync.findMany();
  assert.ok(!JSON.stringify(rows).includes(TOKEN), "no SkillSync row holds the token");
  assert.ok(!JSON.stringify(responses).includes(TOKEN), "no response carried the token");
  const cleared = await api("PUT", { token: "" });
  assert.equal(cleared.body.settings.tokenSet, false);
});

test("over HTTP the token travels as an Authorization header, never in the URL, the error or the record", async () => {
  const seen: { url: string; authorization: string | undefined }[] = [];
  const server = http.createServer((req, res) => {
    seen.push({ url: req.url ?? "", authorization: req.headers.authorization });
    res.writeHead(404).end("no such repository");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/team/skills.git`;
  try {
    await api("PUT", { repoUrl: url, token: TOKEN });
    const failed = await api("POST", { dryRun: true });
    assert.equal(failed.status, 400);
    assert.equal(failed.body.error.details[0].field, "repoUrl");
    assert.ok(seen.length > 0, "git reached the server");
    assert.equal(seen[0].authorization, `Basic ${Buffer.from(`x-access-token:${TOKEN}`).toString("base64")}`);
    assert.ok(seen.every((r) => !r.url.includes(TOKEN)));
    const rows = await db.skillSync.findMany();
    for (const secret of [TOKEN, Buffer.from(`x-access-token:${TOKEN}`).toString("base64")]) {
      assert.ok(!JSON.stringify(rows).includes(secret));
      assert.ok(!JSON.stringify(responses).includes(secret));
    }
    assert.deepEqual(leftoverCheckouts(), [], "no checkout (and so no .git/config) is left behind");
  } finally {
    server.close();
  }
});

test.after(async () => {
  await teardownTestEnv();
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.rmSync(env.dir, { recursive: true, force: true });
});
