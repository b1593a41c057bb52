// End to end with the real Claude Code CLI against a local fake Messages server: a claude-code agent gets a skill,
// starts (the skill is written to .claude/commands), and runs the playbook with arguments. Cadre sends `/name args`
// as typed; the CLI expands the command file, so the server must receive the skill's body with the arguments in place.

import assert from "node:assert/strict";
import test from "node:test";
import { setupTestEnv } from "./support/env";
import { lastUserText, startFakeAnthropic } from "./support/fake-anthropic";

const fake = await startFakeAnthropic({ reply: (req) => `Done: ${lastUserText(req.body).slice(0, 80)}` });
setupTestEnv("playbooks-claude", { ANTHROPIC_BASE_URL: fake.url, ANTHROPIC_API_KEY: "sk-ant-test-key-000000" });
const { call } = await import("./support/http");
const { startRunner } = await import("./support/runner");
const { waitForExecution } = await import("./support/executions");
const { createTestUser } = await import("./support/users");
const { db } = await import("@/lib/db");
const skillsRoute = await import("@/app/api/skills/route");
const agentsRoute = await import("@/app/api/agents/route");
const startRoute = await import("@/app/api/agents/[name]/start/route");
const restartRoute = await import("@/app/api/agents/[name]/restart/route");
const agentSkillRoute = await import("@/app/api/agents/[name]/skills/[skill]/route");
const runRoute = await import("@/app/api/agents/[name]/playbooks/[skill]/run/route");
const conversationsRoute = await import("@/app/api/agents/[name]/conversations/route");
const messagesRoute = await import("@/app/api/conversations/[id]/messages/route");

const runner = await startRunner();
const admin = await createTestUser("admin");
const owner = await createTestUser("user");
const BODY_MARK = "Write the weekly release notes for the team";

/** Everything the requests carried as text, to find the expanded command whichever block the CLI put it in. */
const sentText = (body: any) => JSON.stringify(body?.messages ?? []);

/** Runs one of scribe's playbooks to the end; with it, the requests the fake server received meanwhile. */
async function runPlaybook(skill: string, args: string) {
  const before = fake.messageRequests().length;
  const run = await call(runRoute, "POST", `/api/agents/scribe/playbooks/${skill}/run`, {
    token: owner.token,
    params: { name: "scribe", skill },
    body: { arguments: args },
  });
  assert.equal(run.status, 202, JSON.stringify(run.body));
  const done = await waitForExecution(owner.token, run.body.execution_id, undefined, 90_000);
  assert.equal(done.status, "succeeded", JSON.stringify(done));
  return { run, done, requests: fake.messageRequests().slice(before) };
}

test("a playbook run reaches the Messages API as the skill's body with the arguments in place", async () => {
  const skill = await call(skillsRoute, "POST", "/api/skills", {
    token: admin.token,
    body: {
      name: "release-notes",
      description: "Release notes from a change list",
      argumentHint: "<version>",
      body: `${BODY_MARK}. Version: $ARGUMENTS. Group the changes by area.\n`,
    },
  });
  assert.equal(skill.status, 201, JSON.stringify(skill.body));
  const agent = await call(agentsRoute, "POST", "/api/agents", {
    token: owner.token,
    body: { name: "scribe", runtime: "claude-code", model: "haiku", start: false },
  });
  assert.equal(agent.status, 201);
  const assigned = await call(agentSkillRoute, "POST", "/api/agents/scribe/skills/release-notes", {
    token: owner.token,
    params: { name: "scribe", skill: "release-notes" },
  });
  assert.equal(assigned.status, 201);
  assert.equal(
    (await call(startRoute, "POST", "/api/agents/scribe/start", { token: owner.token, params: { name: "scribe" } }))
      .status,
    200,
  );

  const { run, done, requests } = await runPlaybook("release-notes", "v2.4.0-rc1");
  assert.equal(
    run.body.execution.message,
    "/release-notes v2.4.0-rc1",
    "the claude-code agent is sent the command as typed",
  );
  const expanded = requests.find((r) => sentText(r.body).includes(BODY_MARK));
  assert.ok(
    expanded,
    `no request carried the skill's body; sent: ${requests.map((r) => sentText(r.body).slice(0, 400)).join(" | ")}`,
  );
  const text = sentText(expanded.body);
  assert.ok(text.includes(`${BODY_MARK}. Version: v2.4.0-rc1. Group the changes by area.`), text.slice(0, 2000));
  assert.ok(!text.includes("$ARGUMENTS"), "the placeholder was replaced");
  // The CLI marks the expanded command and sends the body as the user's text.
  assert.ok(text.includes("<command-name>/release-notes</command-name>"), "the CLI ran it as its slash command");
  assert.equal(lastUserText(expanded.body), `${BODY_MARK}. Version: v2.4.0-rc1. Group the changes by area.`);
  assert.match(done.response, /^Done: /);
});

test("typed in the chat, `/name args` is expanded by the CLI the same way", async () => {
  const conversation = await call(conversationsRoute, "POST", "/api/agents/scribe/conversations", {
    token: owner.token,
    params: { name: "scribe" },
  });
  const id = conversation.body.conversation.id;
  const before = fake.messageRequests().length;
  const res = await call(messagesRoute, "POST", `/api/conversations/${id}/messages`, {
    token: owner.token,
    params: { id },
    body: { message: "/release-notes v3.0.0" },
  });
  assert.equal(res.status, 202);
  const done = await waitForExecution(owner.token, res.body.execution.id, undefined, 90_000);
  assert.equal(done.status, "succeeded", JSON.stringify(done));
  const requests = fake.messageRequests().slice(before);
  assert.ok(requests.some((r) => sentText(r.body).includes(`${BODY_MARK}. Version: v3.0.0.`)));
});

test("a playbook assigned while the agent runs is not in its workspace yet: the agent gets the body expanded by Cadre", async () => {
  const skill = await call(skillsRoute, "POST", "/api/skills", {
    token: admin.token,
    body: {
      name: "triage",
      description: "Triage a bug report",
      body: "Triage this bug report into a ticket: $ARGUMENTS\n",
    },
  });
  assert.equal(skill.status, 201, JSON.stringify(skill.body));
  const assigned = await call(agentSkillRoute, "POST", "/api/agents/scribe/skills/triage", {
    token: owner.token,
    params: { name: "scribe", skill: "triage" },
  });
  assert.equal(assigned.status, 201);
  assert.equal(assigned.body.pendingRestart, true);

  const { done, requests } = await runPlaybook("triage", "login fails on Safari");
  assert.ok(
    requests.some((r) => lastUserText(r.body) === "Triage this bug report into a ticket: login fails on Safari"),
    `sent: ${requests.map((r) => sentText(r.body).slice(0, 400)).join(" | ")} / response: ${done.response}`,
  );
});

test("the CLI numbers arguments from $0, and Cadre's own expansion gives the same text", async () => {
  const body = "Numbers: first=[$0] second=[$1] third=[$2] all=[$ARGUMENTS]\n";
  const args = `alpha "beta gamma"`;
  const skill = await call(skillsRoute, "POST", "/api/skills", {
    token: admin.token,
    body: { name: "numbers", description: "Shows the numbering", body },
  });
  assert.equal(skill.status, 201, JSON.stringify(skill.body));
  await call(agentSkillRoute, "POST", "/api/agents/scribe/skills/numbers", {
    token: owner.token,
    params: { name: "scribe", skill: "numbers" },
  });
  // Restarted, the agent has the command file in its workspace: the CLI expands it, not Cadre.
  assert.equal(
    (await call(restartRoute, "POST", "/api/agents/scribe/restart", { token: owner.token, params: { name: "scribe" } }))
      .status,
    200,
  );

  const { requests } = await runPlaybook("numbers", args);
  const expanded = requests.find((r) => lastUserText(r.body).startsWith("Numbers:"));
  assert.ok(expanded, `sent: ${requests.map((r) => sentText(r.body).slice(0, 400)).join(" | ")}`);
  assert.ok(sentText(expanded.body).includes("<command-name>/numbers</command-name>"), "the CLI expanded it");
  assert.equal(lastUserText(expanded.body), `Numbers: first=[alpha] second=[beta gamma] third=[] all=[${args}]`);
  const { expandPlaybookBody } = await import("@/lib/skills/expand");
  assert.equal(expandPlaybookBody(body, args).trim(), lastUserText(expanded.body));
});

test.after(async () => {
  await runner.stop();
  await db.$disconnect();
  await fake.close();
});
