// SKILL.md parsing with malformed and hostile files: each is invalid with a reason, the library still lists
// everything (imported from a folder like the bundled one), and an invalid skill is never written to a workspace.

import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import test from "node:test";
import { setupTestEnv } from "./support/env";

setupTestEnv("skills-parser");
const { call } = await import("./support/http");
const { createTestUser } = await import("./support/users");
const { db } = await import("@/lib/db");
const { parseSkillMd } = await import("@/lib/skills/parse");
const { importBundledSkills } = await import("@/lib/skills/bundled");
const { workspacePathFor } = await import("@/lib/agents/workspace");
const skillsRoute = await import("@/app/api/skills/route");
const skillRoute = await import("@/app/api/skills/[name]/route");
const agentsRoute = await import("@/app/api/agents/route");
const agentSkillRoute = await import("@/app/api/agents/[name]/skills/[skill]/route");
const playbooksRoute = await import("@/app/api/agents/[name]/playbooks/route");
const taskRoute = await import("@/app/api/agents/[name]/task/route");
const { startRunner } = await import("./support/runner");

const admin = await createTestUser("admin");

const md = (frontmatter: string, body = "Do the thing.\n") => `---\n${frontmatter}\n---\n\n${body}`;
const good = (name: string, extra = "") => md(`name: ${name}\ndescription: A fine skill${extra ? `\n${extra}` : ""}`);

const BOMB = [
  "name: bomb",
  "description: boom",
  'a: &a ["x","x","x","x","x","x","x","x","x"]',
  "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]",
  "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]",
  "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]",
  "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]",
  "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]",
].join("\n");

/** folder name → SKILL.md text (or bytes) and the reason the parser must give. */
const HOSTILE: Record<string, { content: string | Buffer; reason: RegExp }> = {
  "no-frontmatter": { content: "# Standup\n\nSummarise.\n", reason: /must start with YAML frontmatter/ },
  unclosed: { content: "---\nname: unclosed\ndescription: d\n# body without the closing line\n", reason: /not closed/ },
  "list-frontmatter": { content: md("- name\n- description"), reason: /must be a YAML mapping/ },
  "scalar-frontmatter": { content: md("just some words"), reason: /must be a YAML mapping/ },
  "empty-frontmatter": { content: "---\n---\nbody\n", reason: /frontmatter is empty/ },
  "name-mismatch": { content: good("another-name"), reason: /must equal the folder name "name-mismatch"/ },
  "bad-slug": {
    content: md("name: Bad_Slug\ndescription: d"),
    reason: /^name: .*lowercase letters, digits and hyphens/,
  },
  "long-description": {
    content: md(`name: long-description\ndescription: ${"x".repeat(1025)}`),
    reason: /description is longer than 1024/,
  },
  "missing-description": { content: md("name: missing-description"), reason: /description is required/ },
  "alias-bomb": { content: md(BOMB.replace("name: bomb", "name: alias-bomb")), reason: /alias|resource exhaustion/i },
  huge: { content: good("huge", `notes: "${"y".repeat(300 * 1024)}"`), reason: /larger than 256 KB/ },
  binary: { content: Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0x00, 0x01, 0xff, 0xfe]), reason: /binary/ },
  "bad-utf8": { content: Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0xc3, 0x28, 0x0a]), reason: /not valid UTF-8/ },
  "wrong-description-type": {
    content: md("name: wrong-description-type\ndescription: 123"),
    reason: /description must be text/,
  },
  "wrong-invocable-type": {
    content: good("wrong-invocable-type", 'user-invocable: "yes"'),
    reason: /user-invocable must be true or false/,
  },
  "wrong-metadata-type": { content: good("wrong-metadata-type", "metadata:\n  version: 2"), reason: /metadata/ },
  "wrong-tools-type": {
    content: good("wrong-tools-type", "allowed-tools:\n  bash: yes"),
    reason: /allowed-tools must be text or a list/,
  },
  "bad-yaml": {
    content: md("name: bad-yaml\ndescription: [unclosed"),
    reason: /not valid YAML \(line \d+, column \d+\)/,
  },
  "duplicate-key": {
    content: md("name: duplicate-key\ndescription: a\ndescription: b"),
    reason: /not valid YAML.*"description" is written twice/i,
  },
};

function asText(content: string | Buffer): string {
  return typeof content === "string" ? content : content.toString("latin1");
}

test("each hostile SKILL.md is invalid with its reason, and parsing never throws", () => {
  for (const [folder, { content, reason }] of Object.entries(HOSTILE)) {
    if (Buffer.isBuffer(content)) continue; // bytes are checked through the folder reader below
    const parsed = parseSkillMd(asText(content), folder);
    assert.equal(parsed.valid, false, `${folder} should be invalid`);
    assert.match(parsed.error ?? "", reason, `${folder}: ${parsed.error}`);
    assert.deepEqual(parsed.frontmatter, {}, `${folder}: no frontmatter is exposed for an invalid skill`);
  }
});

test("a NUL character in text is refused as binary", () => {
  const parsed = parseSkillMd(good("x").replace("Do the", "Do\0the"), "x");
  assert.equal(parsed.valid, false);
  assert.match(parsed.error ?? "", /binary/);
});

test("a valid SKILL.md: fields, argument-hint written as a YAML list, allowed-tools text, unknown keys kept with a warning", () => {
  const parsed = parseSkillMd(
    md(
      [
        "name: ok-skill",
        "description: Summarise the day",
        "argument-hint: [team]",
        "allowed-tools: Read Grep Bash(git log:*)",
        "user-invocable: false",
        "license: MIT",
        "metadata:\n  owner: platform",
        "x-custom: 1",
      ].join("\n"),
      "Summarise $ARGUMENTS.\n",
    ),
    "ok-skill",
  );
  assert.equal(parsed.valid, true, parsed.error ?? "");
  assert.equal(parsed.argumentHint, "[team]");
  assert.deepEqual(parsed.allowedTools, ["Read", "Grep", "Bash(git log:*)"]);
  assert.equal(parsed.userInvocable, false);
  assert.equal(parsed.license, "MIT");
  assert.deepEqual(parsed.metadata, { owner: "platform" });
  assert.deepEqual(parsed.warnings, ['unknown frontmatter key "x-custom" (kept)']);
  assert.equal(parsed.body, "Summarise $ARGUMENTS.\n");
});

// The same files as a library folder: imported the way the bundled skills are at boot.
const libraryDir = fs.mkdtempSync(path.join(os.tmpdir(), "cadre-hostile-skills-"));
for (const [folder, { content }] of Object.entries(HOSTILE)) {
  fs.mkdirSync(path.join(libraryDir, folder));
  fs.writeFileSync(path.join(libraryDir, folder, "SKILL.md"), content);
}
fs.mkdirSync(path.join(libraryDir, "fine"));
fs.writeFileSync(path.join(libraryDir, "fine", "SKILL.md"), good("fine", "argument-hint: <topic>"));
// A folder whose name is not a skill name, and a link to a file outside the library.
fs.mkdirSync(path.join(libraryDir, "Not A Slug"));
fs.writeFileSync(path.join(libraryDir, "Not A Slug", "SKILL.md"), good("Not A Slug"));
fs.mkdirSync(path.join(libraryDir, "linked"));
fs.symlinkSync("/etc/hostname", path.join(libraryDir, "linked", "SKILL.md"));

test("importing the hostile folder lists every skill, invalid ones with their reason; the listing and details do not crash", async () => {
  const result = await importBundledSkills(libraryDir);
  assert.ok(result.added.includes("fine"));
  assert.ok(result.invalid.some((i) => i.startsWith("Not A Slug: the folder name is not a skill name")));
  assert.ok(
    result.invalid.some((i) => /^linked: SKILL.md is a symbolic link/.test(i)),
    JSON.stringify(result.invalid),
  );

  const res = await call(skillsRoute, "GET", "/api/skills", { token: admin.token });
  assert.equal(res.status, 200);
  const byName = new Map(res.body.skills.map((s: { name: string }) => [s.name, s]));
  for (const [folder, { reason }] of Object.entries(HOSTILE)) {
    const skill: any = byName.get(folder);
    assert.ok(skill, `${folder} is listed`);
    assert.equal(skill.valid, false, folder);
    assert.match(skill.parseError, reason, `${folder}: ${skill.parseError}`);
    const detail = await call(skillRoute, "GET", `/api/skills/${folder}`, {
      token: admin.token,
      params: { name: folder },
    });
    assert.equal(detail.status, 200, folder);
    assert.deepEqual(detail.body.skill.frontmatter, {});
  }
  assert.equal((byName.get("fine") as any).valid, true);
  assert.equal((byName.get("linked") as any).valid, false);
  assert.ok(!byName.has("Not A Slug"));

  // A second import of the same folder changes nothing.
  const again = await importBundledSkills(libraryDir);
  assert.deepEqual([again.added, again.updated, again.conflicts], [[], [], []]);
});

test("an invalid skill assigned to an agent is never injected and is not a playbook", async () => {
  const agent = await call(agentsRoute, "POST", "/api/agents", {
    token: admin.token,
    body: { name: "hostile-host", runtime: "command", command: "cat", start: false },
  });
  assert.equal(agent.status, 201);
  for (const skill of ["fine", "alias-bomb", "unclosed", "binary"]) {
    const res = await call(agentSkillRoute, "POST", `/api/agents/hostile-host/skills/${skill}`, {
      token: admin.token,
      params: { name: "hostile-host", skill },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
  }
  const startRoute = await import("@/app/api/agents/[name]/start/route");
  const started = await call(startRoute, "POST", "/api/agents/hostile-host/start", {
    token: admin.token,
    params: { name: "hostile-host" },
  });
  assert.equal(started.status, 200, JSON.stringify(started.body));
  // The runner writes the agent's skills into its workspace before its next run.
  const runner = await startRunner();
  try {
    const task = await call(taskRoute, "POST", "/api/agents/hostile-host/task", {
      token: admin.token,
      params: { name: "hostile-host" },
      body: { message: "go" },
    });
    assert.equal(task.status, 200, JSON.stringify(task.body));
    assert.equal(task.body.execution.status, "succeeded", JSON.stringify(task.body.execution));
  } finally {
    await runner.stop();
  }
  const commands = path.join(workspacePathFor("hostile-host"), ".claude", "commands");
  assert.deepEqual(fs.readdirSync(commands), ["fine.md"]);
  const playbooks = await call(playbooksRoute, "GET", "/api/agents/hostile-host/playbooks", {
    token: admin.token,
    params: { name: "hostile-host" },
  });
  assert.deepEqual(
    playbooks.body.playbooks.map((p: { name: string }) => p.name),
    ["fine"],
  );
});

test.after(async () => {
  await db.$disconnect();
  fs.rmSync(libraryDir, { recursive: true, force: true });
});
