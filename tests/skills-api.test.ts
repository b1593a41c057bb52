// Skills API: create, read, edit, delete; who may do what (401/403); names that are not slugs (400 naming `name`,
// no file touched); a taken name (409); which agents use a skill; assignments and the restart they call for.

import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import test from "node:test";
import { setupTestEnv } from "./support/env";

const env = setupTestEnv("skills-api");
const { call } = await import("./support/http");
const { createTestUser } = await import("./support/users");
const { db } = await import("@/lib/db");
const skillsRoute = await import("@/app/api/skills/route");
const skillRoute = await import("@/app/api/skills/[name]/route");
const resolveRoute = await import("@/app/api/skills/[name]/resolve/route");
const agentsRoute = await import("@/app/api/agents/route");
const agentSkillsRoute = await import("@/app/api/agents/[name]/skills/route");
const agentSkillRoute = await import("@/app/api/agents/[name]/skills/[skill]/route");
const restartRoute = await import("@/app/api/agents/[name]/restart/route");

const admin = await createTestUser("admin");
const owner = await createTestUser("user");
const other = await createTestUser("user");

const skillBody = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  description: `What ${name} does`,
  body: `Write the ${name} for $ARGUMENTS.\n`,
  argumentHint: "<team>",
  files: [{ path: "templates/outline.md", content: "# Outline\n" }],
  ...extra,
});

const create = (body: unknown, token = admin.token) => call(skillsRoute, "POST", "/api/skills", { token, body });
const get = (name: string, token = other.token) =>
  call(skillRoute, "GET", `/api/skills/${name}`, { token, params: { name } });
const put = (name: string, body: unknown, token = admin.token) =>
  call(skillRoute, "PUT", `/api/skills/${name}`, { token, params: { name }, body });
const del = (name: string, token = admin.token) =>
  call(skillRoute, "DELETE", `/api/skills/${name}`, { token, params: { name } });
const assign = (agent: string, skill: string, token = owner.token) =>
  call(agentSkillRoute, "POST", `/api/agents/${agent}/skills/${skill}`, { token, params: { name: agent, skill } });
const agentSkills = (agent: string, token = other.token) =>
  call(agentSkillsRoute, "GET", `/api/agents/${agent}/skills`, { token, params: { name: agent } });

/** Every file under the data directory except the database's own, to show a request wrote nothing. */
function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !e.name.startsWith("cadre.db"))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

await call(agentsRoute, "POST", "/api/agents", {
  token: owner.token,
  body: { name: "writer", runtime: "claude-code" },
});

test("signed out gets 401; a plain user may read but not create, edit or delete (403)", async () => {
  assert.equal((await call(skillsRoute, "GET", "/api/skills")).status, 401);
  assert.equal((await call(skillsRoute, "POST", "/api/skills", { body: skillBody("anon") })).status, 401);
  assert.equal((await create(skillBody("by-user"), owner.token)).status, 403);
  assert.equal((await create(skillBody("standup"))).status, 201);
  assert.equal((await get("standup", owner.token)).status, 200);
  assert.equal((await put("standup", { description: "x" }, owner.token)).status, 403);
  assert.equal((await del("standup", owner.token)).status, 403);
  assert.equal((await call(skillRoute, "GET", "/api/skills/standup", { params: { name: "standup" } })).status, 401);
});

test("create writes SKILL.md from the fields; details show frontmatter, body and files; 409 on a taken name", async () => {
  const res = await create(
    skillBody("release-notes", {
      allowedTools: ["Read", "Bash(git log:*)"],
      metadata: { owner: "docs" },
      license: "MIT",
    }),
  );
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const skill = res.body.skill;
  assert.equal(skill.source, "cadre");
  assert.equal(skill.valid, true);
  assert.equal(skill.edited, false);
  assert.match(skill.content, /^---\nname: release-notes\ndescription: What release-notes does\n/);
  assert.match(skill.content, /argument-hint: <team>/);
  assert.equal(skill.body, "Write the release-notes for $ARGUMENTS.\n");
  assert.deepEqual(skill.allowedTools, ["Read", "Bash(git log:*)"]);
  assert.deepEqual(skill.metadata, { owner: "docs" });
  assert.equal(skill.license, "MIT");
  assert.deepEqual(skill.files, [{ path: "templates/outline.md", content: "# Outline\n", size: 10 }]);
  assert.equal(skill.frontmatter.name, "release-notes");

  const again = await create(skillBody("release-notes"));
  assert.equal(again.status, 409);
  assert.equal(again.body.error.details[0].field, "name");

  const list = await call(skillsRoute, "GET", "/api/skills", { token: other.token });
  assert.deepEqual(
    list.body.skills.map((s: { name: string }) => s.name),
    ["release-notes", "standup"],
  );
});

test("names that are not slugs get 400 naming `name` and touch no file", async () => {
  const before = filesUnder(env.dir);
  const count = await db.skill.count();
  for (const name of ["../x", "a%2Fb", "a/b", "..", "Upper", "sync", "a".repeat(65)]) {
    for (const res of [await get(name), await put(name, { description: "x" }), await del(name)]) {
      assert.equal(res.status, 400, `${name}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error.details[0].field, "name");
    }
    const created = await create(skillBody(name));
    assert.equal(created.status, 400, name);
    assert.equal(created.body.error.details[0].field, "name");
    const assigned = await assign("writer", name);
    assert.equal(assigned.status, 400);
    assert.equal(assigned.body.error.details[0].field, "skill");
  }
  assert.deepEqual(filesUnder(env.dir), before);
  assert.equal(await db.skill.count(), count);
});

test("bad fields get 400 naming the field; hostile supporting file paths are refused", async () => {
  const cases: [Record<string, unknown>, string][] = [
    [{ description: "" }, "description"],
    [{ description: "d".repeat(1025) }, "description"],
    [{ argumentHint: "two\nlines" }, "argumentHint"],
    [{ compatibility: "c".repeat(501) }, "compatibility"],
    [{ files: [{ path: "../escape.md", content: "x" }] }, "files.0.path"],
    [{ files: [{ path: "/etc/passwd", content: "x" }] }, "files.0.path"],
    [{ files: [{ path: ".hidden/x.md", content: "x" }] }, "files.0.path"],
    [{ files: [{ path: "a\\..\\b.md", content: "x" }] }, "files.0.path"],
    [{ files: [{ path: "SKILL.md", content: "x" }] }, "files.0.path"],
    [{ metadata: { owner: 5 } }, "metadata.owner"],
  ];
  for (const [extra, field] of cases) {
    const res = await create(skillBody("bad-fields", extra));
    assert.equal(res.status, 400, JSON.stringify(extra));
    assert.equal(res.body.error.details[0].field, field, JSON.stringify(res.body));
    const edit = await put("standup", extra);
    assert.equal(edit.status, 400);
  }
  assert.equal(await db.skill.count({ where: { name: "bad-fields" } }), 0);
});

test("edit changes only the fields given and keeps frontmatter keys the form has no field for", async () => {
  await db.skill.update({
    where: { name: "standup" },
    data: {
      content: (await db.skill.findUniqueOrThrow({ where: { name: "standup" } })).content.replace(
        "name: standup\n",
        "name: standup\ndisable-model-invocation: true\n",
      ),
    },
  });
  const res = await put("standup", { description: "Daily standup summary", body: "New body $ARGUMENTS\n" });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.skill.description, "Daily standup summary");
  assert.equal(res.body.skill.body, "New body $ARGUMENTS\n");
  assert.equal(res.body.skill.argumentHint, "<team>");
  assert.equal(res.body.skill.frontmatter["disable-model-invocation"], true);
  assert.equal(res.body.skill.files.length, 1);
  const cleared = await put("standup", { argumentHint: null, files: [] });
  assert.equal(cleared.body.skill.argumentHint, null);
  assert.deepEqual(cleared.body.skill.files, []);
  assert.equal((await put("missing-skill", { description: "x" })).status, 404);
  assert.equal((await get("missing-skill")).status, 404);
});

test("assignments: which agents use a skill, owner or admin only, unknown skill 400 on `skills`, pending restart", async () => {
  assert.equal((await assign("writer", "standup", other.token)).status, 403);
  const first = await assign("writer", "standup");
  assert.equal(first.status, 201, JSON.stringify(first.body));
  assert.deepEqual(
    first.body.skills.map((s: { name: string }) => s.name),
    ["standup"],
  );
  assert.equal(first.body.pendingRestart, true, "the running agent has not written the new skill yet");
  assert.equal((await assign("writer", "standup")).status, 200);
  assert.equal((await assign("writer", "no-such-skill")).status, 404);

  const detail = await get("standup");
  assert.deepEqual(detail.body.skill.agents, [{ name: "writer", description: "" }]);
  assert.equal(detail.body.skill.agentCount, 1);

  const bad = await call(agentSkillsRoute, "PUT", "/api/agents/writer/skills", {
    token: owner.token,
    params: { name: "writer" },
    body: { skills: ["standup", "no-such-skill"] },
  });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.details[0].field, "skills");
  const forbidden = await call(agentSkillsRoute, "PUT", "/api/agents/writer/skills", {
    token: other.token,
    params: { name: "writer" },
    body: { skills: [] },
  });
  assert.equal(forbidden.status, 403);
  const set = await call(agentSkillsRoute, "PUT", "/api/agents/writer/skills", {
    token: owner.token,
    params: { name: "writer" },
    body: { skills: ["release-notes", "standup"] },
  });
  assert.equal(set.status, 200);
  assert.deepEqual(
    set.body.skills.map((s: { name: string }) => s.name),
    ["release-notes", "standup"],
  );

  assert.equal(
    (await call(restartRoute, "POST", "/api/agents/writer/restart", { token: other.token, params: { name: "writer" } }))
      .status,
    403,
  );
  const restarted = await call(restartRoute, "POST", "/api/agents/writer/restart", {
    token: owner.token,
    params: { name: "writer" },
  });
  assert.equal(restarted.status, 200, JSON.stringify(restarted.body));
  assert.equal(restarted.body.agent.status, "running");
  const after = await agentSkills("writer");
  assert.equal(after.body.pendingRestart, false);
  assert.deepEqual(after.body.injected, ["release-notes", "standup"]);
  // An edit that does not reach the workspace asks for nothing.
  assert.equal((await put("standup", { license: "MIT" })).status, 200);
  assert.equal((await agentSkills("writer")).body.pendingRestart, false);

  // Editing an assigned skill calls for a restart again.
  await new Promise((r) => setTimeout(r, 5));
  await put("standup", { body: "Changed $ARGUMENTS\n" });
  assert.equal((await agentSkills("writer")).body.pendingRestart, true);

  const unassign = await call(agentSkillRoute, "DELETE", "/api/agents/writer/skills/standup", {
    token: owner.token,
    params: { name: "writer", skill: "standup" },
  });
  assert.equal(unassign.status, 204);
  assert.deepEqual(
    (await agentSkills("writer")).body.skills.map((s: { name: string }) => s.name),
    ["release-notes"],
  );
});

test("delete removes the skill and its assignments; resolve without a conflict is 409", async () => {
  assert.equal(
    (
      await call(resolveRoute, "POST", "/api/skills/release-notes/resolve", {
        token: admin.token,
        params: { name: "release-notes" },
        body: { keep: "cadre" },
      })
    ).status,
    409,
  );
  assert.equal(
    (
      await call(resolveRoute, "POST", "/api/skills/release-notes/resolve", {
        token: admin.token,
        params: { name: "release-notes" },
        body: { keep: "both" },
      })
    ).status,
    400,
  );
  assert.equal((await del("release-notes")).status, 204);
  assert.equal((await get("release-notes")).status, 404);
  assert.equal(await db.agentSkill.count({ where: { skill: { name: "release-notes" } } }), 0);
  const writer = await agentSkills("writer");
  assert.deepEqual(writer.body.skills, []);
  assert.equal(writer.body.pendingRestart, true);
  assert.equal((await del("release-notes")).status, 404);
});

test.after(async () => {
  await db.$disconnect();
});
