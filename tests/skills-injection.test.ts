// Writing assigned skills into the agent's workspace: a start or restart takes the agent's skills (its snapshot), and
// the runner writes them into the workspace before the next run — command files with their frontmatter, supporting
// files, stale skills removed, files Cadre did not write kept, and nothing ever written outside the workspace
// (hostile paths in the database, links planted in .claude by the agent itself: the run fails and says why).

import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import test from "node:test";
import { setupTestEnv } from "./support/env";

setupTestEnv("skills-injection");
const { call } = await import("./support/http");
const { createTestUser } = await import("./support/users");
const { db } = await import("@/lib/db");
const { workspacePathFor } = await import("@/lib/agents/workspace");
const { startRunner } = await import("./support/runner");
const taskRoute = await import("@/app/api/agents/[name]/task/route");
const skillsRoute = await import("@/app/api/skills/route");
const skillRoute = await import("@/app/api/skills/[name]/route");
const agentsRoute = await import("@/app/api/agents/route");
const startRoute = await import("@/app/api/agents/[name]/start/route");
const stopRoute = await import("@/app/api/agents/[name]/stop/route");
const restartRoute = await import("@/app/api/agents/[name]/restart/route");
const agentSkillsRoute = await import("@/app/api/agents/[name]/skills/route");
const agentSkillRoute = await import("@/app/api/agents/[name]/skills/[skill]/route");

const runner = await startRunner();
const admin = await createTestUser("admin");
const AGENT = "injector";
const ws = workspacePathFor(AGENT);
const at = (...parts: string[]) => path.join(ws, ".claude", ...parts);
const outside = fs.mkdtempSync(path.join(os.tmpdir(), "cadre-outside-"));

async function createSkill(body: Record<string, unknown>) {
  const res = await call(skillsRoute, "POST", "/api/skills", { token: admin.token, body });
  assert.equal(res.status, 201, JSON.stringify(res.body));
}

const agentCall = (mod: Record<string, unknown>, method: string, suffix: string, body?: unknown) =>
  call(mod, method, `/api/agents/${AGENT}${suffix}`, { token: admin.token, params: { name: AGENT }, body });
const setSkills = (skills: string[]) => agentCall(agentSkillsRoute, "PUT", "/skills", { skills });
const restart = () => agentCall(restartRoute, "POST", "/restart");
const editReview = (body: string) =>
  call(skillRoute, "PUT", "/api/skills/review", { token: admin.token, params: { name: "review" }, body: { body } });
const readManifest = () => JSON.parse(fs.readFileSync(at(".cadre-skills.json"), "utf8"));

/** Runs a task to its end (the sync API): the runner writes the skills first when the workspace lacks them. */
async function runTask() {
  const res = await agentCall(taskRoute, "POST", "/task", { message: "go" });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.execution as { status: string; error: string | null };
}

async function runSucceeds() {
  const e = await runTask();
  assert.equal(e.status, "succeeded", JSON.stringify(e));
}

await createSkill({
  name: "standup",
  description: "Summarise yesterday's work for the team",
  argumentHint: "<team> [day]",
  body: "Write the standup for $ARGUMENTS.\nUse templates/day.md.\n",
  files: [
    { path: "templates/day.md", content: "# Day\n- done\n" },
    { path: "notes.md", content: "Keep it short.\n" },
  ],
});
await createSkill({ name: "review", description: "Review a change", body: "Review it.\n" });
await createSkill({
  name: "clash",
  description: "Shares its name with a command someone wrote",
  body: "Cadre's clash\n",
});
const created = await call(agentsRoute, "POST", "/api/agents", {
  token: admin.token,
  body: { name: AGENT, runtime: "command", command: "cat", start: false },
});
assert.equal(created.status, 201);

test("start writes .claude/commands/<name>.md with description and argument-hint, and the files under .claude/skills/<name>/", async () => {
  assert.equal((await setSkills(["review", "standup"])).status, 200);
  const started = await agentCall(startRoute, "POST", "/start");
  assert.equal(started.status, 200, JSON.stringify(started.body));
  await runSucceeds();
  assert.equal(
    fs.readFileSync(at("commands", "standup.md"), "utf8"),
    "---\ndescription: Summarise yesterday's work for the team\nargument-hint: <team> [day]\n---\n\nWrite the standup for $ARGUMENTS.\nUse templates/day.md.\n",
  );
  assert.equal(
    fs.readFileSync(at("commands", "review.md"), "utf8"),
    "---\ndescription: Review a change\n---\n\nReview it.\n",
  );
  assert.equal(fs.readFileSync(at("skills", "standup", "templates", "day.md"), "utf8"), "# Day\n- done\n");
  assert.equal(fs.readFileSync(at("skills", "standup", "notes.md"), "utf8"), "Keep it short.\n");
  const manifest = JSON.parse(fs.readFileSync(at(".cadre-skills.json"), "utf8"));
  assert.deepEqual(Object.keys(manifest.skills).sort(), ["review", "standup"]);
  const state = await agentCall(agentSkillsRoute, "GET", "/skills");
  assert.deepEqual(state.body.injected, ["review", "standup"]);
  assert.equal(state.body.pendingRestart, false);
});

test("unassign + restart removes what Cadre wrote and keeps files it did not write", async () => {
  fs.writeFileSync(at("commands", "mine.md"), "my own command\n");
  fs.writeFileSync(at("skills", "standup", "my-notes.md"), "mine\n");
  assert.equal(
    (
      await call(agentSkillRoute, "DELETE", `/api/agents/${AGENT}/skills/standup`, {
        token: admin.token,
        params: { name: AGENT, skill: "standup" },
      })
    ).status,
    204,
  );
  assert.equal((await agentCall(agentSkillsRoute, "GET", "/skills")).body.pendingRestart, true);
  await runSucceeds();
  assert.ok(fs.existsSync(at("commands", "standup.md")), "a change applies at the next start, not at the next run");
  const res = await restart();
  assert.equal(res.status, 200, JSON.stringify(res.body));
  await runSucceeds();
  assert.ok(!fs.existsSync(at("commands", "standup.md")));
  assert.ok(!fs.existsSync(at("skills", "standup", "templates")), "emptied folders Cadre made are removed");
  assert.ok(!fs.existsSync(at("skills", "standup", "notes.md")));
  assert.equal(fs.readFileSync(at("skills", "standup", "my-notes.md"), "utf8"), "mine\n");
  assert.equal(fs.readFileSync(at("commands", "mine.md"), "utf8"), "my own command\n");
  assert.ok(fs.existsSync(at("commands", "review.md")));
  assert.deepEqual((await agentCall(agentSkillsRoute, "GET", "/skills")).body.injected, ["review"]);
});

test("a supporting file dropped from a skill is removed at the next start; a command file Cadre did not write is left alone", async () => {
  await call(skillRoute, "PUT", "/api/skills/review", {
    token: admin.token,
    params: { name: "review" },
    body: {
      files: [
        { path: "a.md", content: "A" },
        { path: "b.md", content: "B" },
      ],
    },
  });
  await restart();
  await runSucceeds();
  assert.deepEqual(fs.readdirSync(at("skills", "review")).sort(), ["a.md", "b.md"]);
  await call(skillRoute, "PUT", "/api/skills/review", {
    token: admin.token,
    params: { name: "review" },
    body: { files: [{ path: "a.md", content: "A2" }] },
  });
  fs.writeFileSync(at("commands", "clash.md"), "someone else's clash\n");
  await setSkills(["clash", "review"]);
  await restart();
  await runSucceeds();
  assert.deepEqual(fs.readdirSync(at("skills", "review")), ["a.md"]);
  assert.equal(fs.readFileSync(at("skills", "review", "a.md"), "utf8"), "A2");
  assert.equal(fs.readFileSync(at("commands", "clash.md"), "utf8"), "someone else's clash\n");
  // The workspace's manifest says what was written and what a file in the way kept out.
  assert.deepEqual(Object.keys(readManifest().skills), ["review"]);
  assert.deepEqual(Object.keys(readManifest().skipped), ["clash"]);
  const blocked = await agentCall(agentSkillsRoute, "GET", "/skills");
  assert.deepEqual(blocked.body.injected, ["clash", "review"], "what the start gave the agent");
  assert.equal(blocked.body.pendingRestart, false, "a restart would meet the same file: nothing to apply");
  await runSucceeds();
  assert.equal(
    fs.readFileSync(at("commands", "clash.md"), "utf8"),
    "someone else's clash\n",
    "a later run does not try again",
  );
  fs.rmSync(at("commands", "clash.md"));
});

test("hostile file paths that reach the database anyway are never written", async () => {
  const files = JSON.stringify([
    { path: "../../../../escape.md", content: "x" },
    { path: "/tmp/abs.md", content: "x" },
    { path: "ok.md", content: "fine" },
  ]);
  await db.skill.update({ where: { name: "review" }, data: { files } });
  await restart();
  await runSucceeds();
  assert.deepEqual(fs.readdirSync(at("skills", "review")), ["ok.md"]);
  assert.ok(!fs.existsSync(path.join(ws, "..", "..", "escape.md")));
  assert.ok(!fs.existsSync(path.resolve(at("skills", "review"), "../../../../escape.md")));
});

test("a symlinked .claude/commands (or a linked command file) pointing outside is refused: the run fails and nothing is written there", async () => {
  fs.renameSync(at("commands"), at("commands-real"));
  fs.symlinkSync(outside, at("commands"));
  // A change to write: the workspace's manifest no longer matches what the next start gives.
  await editReview("Review it twice.\n");
  await agentCall(stopRoute, "POST", "/stop");
  assert.equal((await agentCall(startRoute, "POST", "/start")).status, 200);
  const refused = await runTask();
  assert.equal(refused.status, "failed");
  assert.match(refused.error ?? "", /\.claude\/commands is a symbolic link/);
  assert.equal((await restart()).status, 200);
  assert.equal((await runTask()).status, "failed");
  assert.deepEqual(fs.readdirSync(outside), []);
  fs.rmSync(at("commands"));
  fs.renameSync(at("commands-real"), at("commands"));

  const target = path.join(outside, "target.md");
  fs.writeFileSync(target, "outside\n");
  fs.rmSync(at("commands", "review.md"));
  fs.symlinkSync(target, at("commands", "review.md"));
  await editReview("Review it three times.\n");
  await restart();
  const linkedFile = await runTask();
  assert.equal(linkedFile.status, "failed", JSON.stringify(linkedFile));
  assert.match(linkedFile.error ?? "", /commands\/review\.md is a symbolic link/);
  assert.equal(fs.readFileSync(target, "utf8"), "outside\n");
  fs.rmSync(at("commands", "review.md"));

  fs.rmSync(at("skills"), { recursive: true });
  fs.symlinkSync(outside, at("skills"));
  await editReview("Review it four times.\n");
  await restart();
  assert.equal((await runTask()).status, "failed");
  assert.deepEqual(fs.readdirSync(outside), ["target.md"]);
  fs.rmSync(at("skills"));
  await runSucceeds();
  assert.ok(fs.existsSync(at("commands", "review.md")));
});

test("a tampered manifest cannot make Cadre delete outside .claude", async () => {
  const victim = path.join(ws, "keep-me.txt");
  fs.writeFileSync(victim, "data\n");
  fs.writeFileSync(
    at(".cadre-skills.json"),
    JSON.stringify({ version: 1, skills: { x: { files: ["../../../keep-me.txt"] } } }),
  );
  assert.equal((await restart()).status, 200);
  await runSucceeds();
  assert.equal(fs.readFileSync(victim, "utf8"), "data\n");
  fs.writeFileSync(at(".cadre-skills.json"), JSON.stringify({ version: 1, skills: { "..": { files: [] } } }));
  assert.equal((await restart()).status, 200);
  await runSucceeds();
  assert.ok(fs.existsSync(path.join(ws, ".claude")));
  // The command files still hold exactly what Cadre wrote, so Cadre recognises them without the manifest.
  assert.deepEqual(Object.keys(readManifest().skills), ["clash", "review"]);
  assert.deepEqual((await agentCall(agentSkillsRoute, "GET", "/skills")).body.injected, ["clash", "review"]);
});

test.after(async () => {
  await runner.stop();
  await db.$disconnect();
  fs.rmSync(outside, { recursive: true, force: true });
});
