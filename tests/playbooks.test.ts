// Playbooks on a `command` agent (`cat`, so the response is exactly what the program was given): the list, a run
// with arguments (the skill's body with $ARGUMENTS in place), and `/name args` typed in the chat, expanded the same
// way while the transcript keeps what was typed; arguments numbered from $0 as Claude Code numbers them, and the
// arguments a hint marks required (`<name>`) refused when left out, by the run route and in the chat.

import assert from "node:assert/strict";
import test from "node:test";
import { setupTestEnv } from "./support/env";

setupTestEnv("playbooks");
const { call } = await import("./support/http");
const { startRunner } = await import("./support/runner");
const { createTestUser } = await import("./support/users");
const { waitForExecution } = await import("./support/executions");
const { db } = await import("@/lib/db");
const skillsRoute = await import("@/app/api/skills/route");
const agentsRoute = await import("@/app/api/agents/route");
const stopRoute = await import("@/app/api/agents/[name]/stop/route");
const startRoute = await import("@/app/api/agents/[name]/start/route");
const agentSkillsRoute = await import("@/app/api/agents/[name]/skills/route");
const playbooksRoute = await import("@/app/api/agents/[name]/playbooks/route");
const runRoute = await import("@/app/api/agents/[name]/playbooks/[skill]/run/route");
const conversationsRoute = await import("@/app/api/agents/[name]/conversations/route");
const conversationRoute = await import("@/app/api/conversations/[id]/route");
const messagesRoute = await import("@/app/api/conversations/[id]/messages/route");

const runner = await startRunner();
const admin = await createTestUser("admin");
const user = await createTestUser("user");
const AGENT = "echo";

async function createSkill(body: Record<string, unknown>) {
  const res = await call(skillsRoute, "POST", "/api/skills", { token: admin.token, body });
  assert.equal(res.status, 201, JSON.stringify(res.body));
}

await createSkill({
  name: "greet",
  description: "Greet someone",
  argumentHint: "<name>",
  body: "Hello $ARGUMENTS! First word: $0.\n",
});
await createSkill({
  name: "no-placeholder",
  description: "Takes arguments without saying where",
  body: "Summarise the week.",
});
await createSkill({ name: "background", description: "Only for the model", body: "Context.", userInvocable: false });
await createSkill({ name: "broken", description: "Will be broken", body: "x" });
await createSkill({
  name: "ticket",
  description: "Work on a ticket",
  argumentHint: "<ticket-id> [notes] <repo>",
  body: "Ticket $0 in $2 (notes: [$1]). All: $ARGUMENTS. Kept: \\$0.",
});
await db.skill.update({ where: { name: "broken" }, data: { valid: false, parseError: "frontmatter is not closed" } });
await call(agentsRoute, "POST", "/api/agents", {
  token: admin.token,
  body: { name: AGENT, runtime: "command", command: "cat", start: false },
});
await call(agentSkillsRoute, "PUT", `/api/agents/${AGENT}/skills`, {
  token: admin.token,
  params: { name: AGENT },
  body: { skills: ["greet", "no-placeholder", "background", "broken", "ticket"] },
});
await call(startRoute, "POST", `/api/agents/${AGENT}/start`, { token: admin.token, params: { name: AGENT } });

const run = (skill: string, body: unknown = {}, token = user.token) =>
  call(runRoute, "POST", `/api/agents/${AGENT}/playbooks/${skill}/run`, {
    token,
    params: { name: AGENT, skill },
    body,
  });

test("the playbooks are the assigned, valid, user-invocable skills with description and argument hint", async () => {
  assert.equal(
    (await call(playbooksRoute, "GET", `/api/agents/${AGENT}/playbooks`, { params: { name: AGENT } })).status,
    401,
  );
  const res = await call(playbooksRoute, "GET", `/api/agents/${AGENT}/playbooks`, {
    token: user.token,
    params: { name: AGENT },
  });
  assert.equal(res.status, 200);
  assert.deepEqual(res.body.playbooks, [
    {
      name: "greet",
      description: "Greet someone",
      argumentHint: "<name>",
      arguments: [{ name: "name", required: true }],
    },
    { name: "no-placeholder", description: "Takes arguments without saying where", argumentHint: null, arguments: [] },
    {
      name: "ticket",
      description: "Work on a ticket",
      argumentHint: "<ticket-id> [notes] <repo>",
      arguments: [
        { name: "ticket-id", required: true },
        { name: "notes", required: false },
        { name: "repo", required: true },
      ],
    },
  ]);
  assert.equal(
    (
      await call(playbooksRoute, "GET", "/api/agents/nobody/playbooks", {
        token: user.token,
        params: { name: "nobody" },
      })
    ).status,
    404,
  );
});

test("running a playbook: 202 with the execution; the program receives the body with the arguments in place", async () => {
  const res = await run("greet", { arguments: "Ada Lovelace" });
  assert.equal(res.status, 202, JSON.stringify(res.body));
  assert.equal(res.body.execution_id, res.body.execution.id);
  assert.equal(res.body.execution.trigger, "playbook");
  assert.equal(res.body.execution.message, "/greet Ada Lovelace");
  const done = await waitForExecution(user.token, res.body.execution_id);
  assert.equal(done.status, "succeeded", JSON.stringify(done));
  assert.equal(done.response, "Hello Ada Lovelace! First word: Ada.");

  const appended = await waitForExecution(
    user.token,
    (await run("no-placeholder", { arguments: "team A" })).body.execution_id,
  );
  assert.equal(appended.response, "Summarise the week.\n\nARGUMENTS: team A");
});

test("arguments count from $0 as the CLI counts them; quotes group; a missing one is empty; \\$ keeps a $", async () => {
  const res = await run("ticket", { arguments: `T-42 "ask Ada first" cadre` });
  assert.equal(res.status, 202, JSON.stringify(res.body));
  const done = await waitForExecution(user.token, res.body.execution_id);
  assert.equal(
    done.response,
    `Ticket T-42 in cadre (notes: [ask Ada first]). All: T-42 "ask Ada first" cadre. Kept: $0.`,
  );
  const { expandPlaybookBody } = await import("@/lib/skills/expand");
  assert.equal(
    expandPlaybookBody("[$0][$1][$ARGUMENTS[1]][$10]", "a"),
    "[a][][][]",
    "positions past the last argument are empty",
  );
  assert.equal(expandPlaybookBody("Only $0.", "x y"), "Only x.", "a body using a position gets no ARGUMENTS line");
});

test("a run without the arguments the hint marks required is refused with a 400 naming them; nothing runs", async () => {
  const before = await db.execution.count();
  const none = await run("ticket");
  assert.equal(none.status, 400, JSON.stringify(none.body));
  assert.equal(none.body.error.code, "validation_failed");
  assert.equal(none.body.error.details[0].field, "arguments");
  assert.match(none.body.error.details[0].message, /<ticket-id>, <repo>/);
  assert.deepEqual(none.body.error.details[0].missing, ["ticket-id", "repo"]);
  const one = await run("ticket", { arguments: "T-1 " });
  assert.equal(one.status, 400);
  assert.match(one.body.error.message, /needs <repo>/);
  assert.equal((await run("greet", { arguments: "   " })).status, 400);
  assert.equal(await db.execution.count(), before, "nothing was queued");
  // Optional ones may be left out, but a later required one needs the position filled: "" keeps it empty.
  const done = await waitForExecution(user.token, (await run("ticket", { arguments: `T-2 "" web` })).body.execution_id);
  assert.equal(done.response, `Ticket T-2 in web (notes: []). All: T-2 "" web. Kept: $0.`);

  const conversation = await call(conversationsRoute, "POST", `/api/agents/${AGENT}/conversations`, {
    token: user.token,
    params: { name: AGENT },
  });
  const id = conversation.body.conversation.id;
  const typed = await call(messagesRoute, "POST", `/api/conversations/${id}/messages`, {
    token: user.token,
    params: { id },
    body: { message: "/ticket T-3" },
  });
  assert.equal(typed.status, 400, "typed in the chat, the same command is refused");
  assert.equal(typed.body.error.details[0].field, "message");
  assert.deepEqual(typed.body.error.details[0].missing, ["repo"]);
  assert.equal(await db.execution.count({ where: { conversationId: id } }), 0);
});

test("what is not a playbook is 404, a non-slug 400, bad arguments 400, a stopped agent 409", async () => {
  for (const skill of ["background", "broken", "missing"]) assert.equal((await run(skill)).status, 404, skill);
  const slug = await run("../greet");
  assert.equal(slug.status, 400);
  assert.equal(slug.body.error.details[0].field, "skill");
  assert.equal((await run("greet", { arguments: 5 })).status, 400);
  assert.equal((await run("greet", {}, "")).status, 401);
  await call(stopRoute, "POST", `/api/agents/${AGENT}/stop`, { token: admin.token, params: { name: AGENT } });
  assert.equal((await run("greet", { arguments: "x" })).status, 409);
  await call(startRoute, "POST", `/api/agents/${AGENT}/start`, { token: admin.token, params: { name: AGENT } });
});

test("chat: `/greet args` is expanded for the command agent; the transcript shows what was typed; other text passes as is", async () => {
  const conversation = await call(conversationsRoute, "POST", `/api/agents/${AGENT}/conversations`, {
    token: user.token,
    params: { name: AGENT },
  });
  const id = conversation.body.conversation.id;
  const send = async (message: string) => {
    const res = await call(messagesRoute, "POST", `/api/conversations/${id}/messages`, {
      token: user.token,
      params: { id },
      body: { message },
    });
    assert.equal(res.status, 202, JSON.stringify(res.body));
    return waitForExecution(user.token, res.body.execution.id);
  };
  assert.equal((await send("/greet Grace Hopper")).response, "Hello Grace Hopper! First word: Grace.");
  assert.equal((await send("/background now")).response, "/background now", "not user-invocable: sent as typed");
  assert.equal((await send("/unknown thing")).response, "/unknown thing");
  assert.equal((await send("please /greet Bob")).response, "please /greet Bob");
  const transcript = await call(conversationRoute, "GET", `/api/conversations/${id}`, {
    token: user.token,
    params: { id },
  });
  assert.deepEqual(
    transcript.body.executions.map((e: { message: string }) => e.message),
    ["/greet Grace Hopper", "/background now", "/unknown thing", "please /greet Bob"],
  );
});

test.after(async () => {
  await runner.stop();
  await db.$disconnect();
});
