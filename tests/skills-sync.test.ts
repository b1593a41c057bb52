// Syncing the library from a Git repository: a local bare repository, commits pushed from a clone with the git CLI.
// First sync adds, later ones update and remove; a skill edited in Cadre and changed upstream becomes a conflict the
// admin resolves either way; the token never shows in a response or a SkillSync row.
import test from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { setupTestEnv } from "./support/env";

setupTestEnv("skills-sync");
const { call } = await import("./support/http");
const { createTestUser } = await import("./support/users");
const { db } = await import("../lib/db");
const syncRoute = await import("../app/api/skills/sync/route");
const skillRoute = await import("../app/api/skills/[name]/route");
const resolveRoute = await import("../app/api/skills/[name]/resolve/route");
const agentsRoute = await import("../app/api/agents/route");
const agentSkillsRoute = await import("../app/api/agents/[name]/skills/route");
const startRoute = await import("../app/api/agents/[name]/start/route");

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

/** Starts a sync and waits through the status endpoint until it has finished. */
async function sync() {
  const started = await api("POST");
  assert.equal(started.status, 202, JSON.stringify(started.body));
  assert.equal(started.body.sync.status, "running");
  const deadline = Date.now() + 30_000;
  for (;;) {
    const status = await api("GET");
    if (!status.body.running) {
      assert.equal(status.body.last.id, started.body.sync.id);
      return status.body.last;
    }
    if (Date.now() > deadline) assert.fail("sync did not finish");
    await new Promise((r) => setTimeout(r, 50));
  }
}

test("only admins see or change sync; no repository URL is a 400 on repoUrl; settings never return the token", async () => {
  assert.equal((await call(syncRoute, "GET", "/api/skills/sync")).status, 401);
  assert.equal((await api("GET", undefined, user.token)).status, 403);
  assert.equal((await api("POST", undefined, user.token)).status, 403);
  assert.equal((await api("PUT", { repoUrl: bare }, user.token)).status, 403);
  const none = await api("POST");
  assert.equal(none.status, 400);
  assert.equal(none.body.error.details[0].field, "repoUrl");
  const bad = await api("PUT", { repoUrl: "https://user:pw@example.com/x.git" });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.details[0].field, "repoUrl");
  assert.equal((await api("PUT", { repoUrl: "ext::sh -c touch% /tmp/pwned" })).status, 400);
  assert.equal((await api("PUT", { branch: "--upload-pack=evil" })).status, 400);
  assert.equal((await api("PUT", { folder: "../outside" })).status, 400);

  const saved = await api("PUT", { repoUrl: bare, branch: "main", folder: "library", token: TOKEN });
  assert.equal(saved.status, 200);
  assert.deepEqual(saved.body.settings, { repoUrl: bare, branch: "main", folder: "library", tokenSet: true });
  assert.equal(saved.body.running, false);
  assert.equal(saved.body.last, null);
});

test("first sync adds, records the commit; a second sync after an upstream change updates; a removal removes", async () => {
  writeSkill("standup", "Daily standup", "Summarise $ARGUMENTS\n", { "templates/day.md": "# Day\n" });
  writeSkill("research", "Research brief", "Research $ARGUMENTS\n");
  writeSkill("broken", "x", "y");
  fs.writeFileSync(path.join(work, "library", "broken", "SKILL.md"), "no frontmatter here\n");
  fs.symlinkSync("/etc/hostname", path.join(work, "library", "research", "leak.md"));
  const first = push("two skills");

  const result = await sync();
  assert.equal(result.status, "succeeded", result.error);
  assert.equal(result.commit, first);
  assert.deepEqual(result.added, ["broken", "research", "standup"]);
  assert.deepEqual([result.updated, result.removed, result.conflicts], [[], [], []]);
  assert.deepEqual(result.invalid, ["broken: SKILL.md must start with YAML frontmatter: a first line of ---"]);
  const standup = (await getSkill("standup")).body.skill;
  assert.equal(standup.source, "git");
  assert.equal(standup.sourceVersion, first);
  assert.deepEqual(standup.files.map((f: { path: string }) => f.path), ["templates/day.md"]);
  const research = (await getSkill("research")).body.skill;
  assert.deepEqual(research.files, [], "a link in the repository is never followed");

  writeSkill("standup", "Daily standup, grouped by team", "Summarise by team: $ARGUMENTS\n");
  const second = push("group by team");
  const updated = await sync();
  assert.equal(updated.commit, second);
  assert.deepEqual([updated.added, updated.updated, updated.removed], [[], ["standup"], []]);
  assert.equal((await getSkill("standup")).body.skill.body, "Summarise by team: $ARGUMENTS\n");

  fs.rmSync(path.join(work, "library", "research"), { recursive: true });
  push("drop research");
  const removed = await sync();
  assert.deepEqual(removed.removed, ["research"]);
  assert.equal((await getSkill("research")).status, 404);
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
  const agent = await call(agentsRoute, "POST", "/api/agents", { token: admin.token, body: { name: "syncer", runtime: "command", command: "cat", start: false } });
  assert.equal(agent.status, 201, JSON.stringify(agent.body));
  const agentSkills = (skills?: string[]) =>
    call(agentSkillsRoute, skills ? "PUT" : "GET", "/api/agents/syncer/skills", { token: admin.token, params: { name: "syncer" }, body: skills && { skills } });
  assert.equal((await agentSkills(["standup"])).status, 200);
  assert.equal((await call(startRoute, "POST", "/api/agents/syncer/start", { token: admin.token, params: { name: "syncer" } })).status, 200);
  assert.equal((await agentSkills()).body.pendingRestart, false);

  writeSkill("standup", "Daily standup", "Upstream wording v3: $ARGUMENTS\n");
  const v3 = push("v3");
  const conflicted = await sync();
  assert.equal((await agentSkills()).body.pendingRestart, false, "recording a conflict does not ask for a restart");
  assert.deepEqual(conflicted.conflicts, ["standup"]);
  assert.deepEqual(conflicted.updated, []);
  let skill = (await getSkill("standup")).body.skill;
  assert.equal(skill.conflict, true);
  assert.equal(skill.body, "Cadre's own wording: $ARGUMENTS\n", "Cadre's version is kept");
  assert.match(skill.conflictVersion.content, /Upstream wording v3/);
  assert.equal(skill.conflictVersion.version, v3);

  const resolve = (keep: string) =>
    call(resolveRoute, "POST", "/api/skills/standup/resolve", { token: admin.token, params: { name: "standup" }, body: { keep } });
  assert.equal((await call(resolveRoute, "POST", "/api/skills/standup/resolve", { token: user.token, params: { name: "standup" }, body: { keep: "cadre" } })).status, 403);
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
  assert.equal((await agentSkills()).body.pendingRestart, true, "taking the source's version changes what the agent gets");
  assert.equal((await resolve("source")).status, 409);

  writeSkill("standup", "Daily standup", "Upstream wording v5: $ARGUMENTS\n");
  push("v5");
  assert.deepEqual((await sync()).updated, ["standup"], "unedited again, so the next change simply updates");
});

test("one sync at a time (409); a failing sync records its error; the token is in no response and no SkillSync row", async () => {
  const started = await api("POST");
  assert.equal(started.status, 202);
  const second = await api("POST");
  assert.equal(second.status, 409);
  for (;;) {
    if (!(await api("GET")).body.running) break;
    await new Promise((r) => setTimeout(r, 50));
  }

  await api("PUT", { repoUrl: path.join(tmp, "missing.git") });
  const failed = await sync();
  assert.equal(failed.status, "failed");
  assert.ok(failed.error && failed.error.length > 0);

  const rows = await db.skillSync.findMany();
  assert.ok(rows.length >= 6);
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
    const failed = await sync();
    assert.equal(failed.status, "failed");
    assert.ok(seen.length > 0, "git reached the server");
    assert.equal(seen[0].authorization, `Basic ${Buffer.from(`x-access-token:${TOKEN}`).toString("base64")}`);
    assert.ok(seen.every((r) => !r.url.includes(TOKEN)));
    assert.equal(failed.repoUrl, url);
    const rows = await db.skillSync.findMany();
    for (const secret of [TOKEN, Buffer.from(`x-access-token:${TOKEN}`).toString("base64")]) {
      assert.ok(!JSON.stringify(rows).includes(secret));
      assert.ok(!JSON.stringify(responses).includes(secret));
    }
    const config = fs.readFileSync(path.join(process.env.CADRE_DATA_DIR!, "skills-repo", ".git", "config"), "utf8");
    assert.ok(!config.includes(TOKEN) && !config.includes("extraHeader"), "the checkout's config holds no credentials");
  } finally {
    server.close();
  }
});

test.after(async () => {
  await db.$disconnect();
  fs.rmSync(tmp, { recursive: true, force: true });
});
