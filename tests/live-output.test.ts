// Live output: a claude-code run (the real CLI against the fake Messages server, which answers with a tool call and
// then, once the test lets it, with text) stores its transcript while it runs — the tool call and its result are
// readable before the run ends — in order, each batch with an execution_output event written before
// execution_finished. A command's stdout and stderr lines are stored the same way, a chatty one up to the cap and a
// `truncated` marker, and another user's chat turn's output is as invisible as the turn.

import assert from "node:assert/strict";
import test, { after } from "node:test";
import { setupTestEnv } from "./support/env";
import { gate, hasToolResult, startFakeAnthropic } from "./support/fake-anthropic";

const held = gate();
const fake = await startFakeAnthropic({
  reply: async (req) => {
    if (!hasToolResult(req.body)) return { toolUse: { name: "Glob", input: { pattern: "*.txt" } } };
    await held.wait;
    return "I looked: there are no text files here.";
  },
});
setupTestEnv("live-output", { ANTHROPIC_BASE_URL: fake.url, ANTHROPIC_API_KEY: "sk-ant-test-key-000000" });
const { call } = await import("./support/http");
const { startRunner } = await import("./support/runner");
const { waitForExecution } = await import("./support/executions");
const { createTestUser } = await import("./support/users");
const { db } = await import("@/lib/db");
const { OUTPUT_CAP_ENTRIES } = await import("@/lib/executions/output");
const agentsRoute = await import("@/app/api/agents/route");
const taskRoute = await import("@/app/api/agents/[name]/task/route");
const outputRoute = await import("@/app/api/executions/[id]/output/route");
const conversationsRoute = await import("@/app/api/agents/[name]/conversations/route");
const messagesRoute = await import("@/app/api/conversations/[id]/messages/route");

const runner = await startRunner();
const admin = await createTestUser("admin");
const user = await createTestUser("user");
const other = await createTestUser("user");
after(async () => {
  held.open();
  await runner.stop();
  await fake.close();
  await db.$disconnect();
});

async function createAgent(body: Record<string, unknown>) {
  const res = await call(agentsRoute, "POST", "/api/agents", { token: admin.token, body });
  assert.equal(res.status, 201, JSON.stringify(res.body));
}

async function submit(agent: string, message: string, token = admin.token): Promise<string> {
  const res = await call(taskRoute, "POST", `/api/agents/${agent}/task`, {
    token,
    params: { name: agent },
    body: { message, async: true },
  });
  assert.equal(res.status, 202, JSON.stringify(res.body));
  return res.body.execution.id;
}

async function output(id: string, token = admin.token, after = 0) {
  return call(outputRoute, "GET", `/api/executions/${id}/output?after=${after}`, { token, params: { id } });
}

async function waitForOutput(id: string, done: (kinds: string[]) => boolean) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await output(id);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    if (done(res.body.entries.map((e: { kind: string }) => e.kind))) return res.body;
    if (Date.now() > deadline) assert.fail(`output of ${id}: ${JSON.stringify(res.body)}`);
    await new Promise((r) => setTimeout(r, 40));
  }
}

/** The events of the execution, in outbox order. */
async function eventsOf(id: string) {
  const rows = await db.event.findMany({ orderBy: { id: "asc" } });
  return rows
    .map((r) => ({ name: r.name, payload: JSON.parse(r.payload) }))
    .filter((e) => e.payload.executionId === id);
}

test("a claude-code run's tool call and its result are stored before the run ends, then the text and the result", async () => {
  await createAgent({ name: "looker", runtime: "claude-code", model: "haiku" });
  const id = await submit("looker", "Which text files are there?");

  const early = await waitForOutput(id, (kinds) => kinds.includes("tool_result"));
  assert.equal(early.status, "running", "the second answer is held: the run is still going");
  const use = early.entries.find((e: any) => e.kind === "tool_use");
  const result = early.entries.find((e: any) => e.kind === "tool_result");
  assert.equal(use.data.name, "Glob");
  assert.deepEqual(JSON.parse(use.data.input), { pattern: "*.txt" });
  assert.equal(result.data.toolUseId, use.data.toolUseId, "the result names the call it answers");
  assert.ok(!early.entries.some((e: any) => e.kind === "text"), "no text before the held answer");

  held.open();
  const execution = await waitForExecution(admin.token, id, undefined, 60_000);
  assert.equal(execution.status, "succeeded", JSON.stringify(execution));
  assert.equal(execution.response, "I looked: there are no text files here.");

  const all = (await output(id)).body.entries;
  assert.deepEqual(
    all.map((e: any) => e.seq),
    all.map((_: unknown, i: number) => i + 1),
  );
  const kinds = all.map((e: any) => e.kind).filter((k: string) => k !== "system");
  assert.deepEqual(kinds, ["tool_use", "tool_result", "text", "result"]);
  const final = all.at(-1);
  assert.equal(final.data.text, execution.response);
  assert.equal(final.data.outputTokens, execution.outputTokens);
  assert.ok(final.data.costUsd > 0);
  // The API key never reaches the transcript.
  assert.ok(!JSON.stringify(all).includes("sk-ant-test-key"));

  const after = (await output(id, admin.token, 2)).body.entries;
  assert.deepEqual(
    after.map((e: any) => e.seq),
    all.slice(2).map((e: any) => e.seq),
  );

  // Every entry was announced, in order, and all of them before execution_finished.
  const events = await eventsOf(id);
  const names = events.map((e) => e.name);
  const finishedAt = names.indexOf("execution_finished");
  assert.ok(finishedAt > 0);
  assert.ok(names.lastIndexOf("execution_output") < finishedAt, names.join(","));
  const announced = events.filter((e) => e.name === "execution_output").flatMap((e) => e.payload.entries);
  assert.deepEqual(announced, all);
});

test("a command's stdout and stderr lines are stored, each stream in order", async () => {
  await createAgent({
    name: "printer",
    runtime: "command",
    command: "echo one; echo oops >&2; echo two; printf 'three'",
  });
  const id = await submit("printer", "print");
  const execution = await waitForExecution(admin.token, id, undefined, 30_000);
  assert.equal(execution.status, "succeeded");
  const entries = (await output(id)).body.entries;
  const textOf = (kind: string) => entries.filter((e: any) => e.kind === kind).map((e: any) => e.data.text);
  assert.deepEqual(textOf("stdout"), ["one", "two", "three"]);
  assert.deepEqual(textOf("stderr"), ["oops"]);
});

test("a chatty command's transcript stops at the cap with a truncated marker; its response is whole", async () => {
  await createAgent({ name: "chatty", runtime: "command", command: `seq 1 ${OUTPUT_CAP_ENTRIES + 500}` });
  const id = await submit("chatty", "count");
  const execution = await waitForExecution(admin.token, id, undefined, 30_000);
  assert.equal(execution.status, "succeeded");
  assert.ok(execution.response.endsWith(String(OUTPUT_CAP_ENTRIES + 500)));
  const entries = (await output(id)).body.entries;
  assert.equal(entries.length, OUTPUT_CAP_ENTRIES);
  assert.equal(entries.at(-1).kind, "truncated");
  assert.equal(entries.at(-2).data.text, String(OUTPUT_CAP_ENTRIES - 1));
  assert.equal(await db.executionOutput.count({ where: { executionId: id } }), OUTPUT_CAP_ENTRIES);
});

test("a chat turn's output is its author's (and admins'); others get 404, bad input 400", async () => {
  await createAgent({ name: "talker", runtime: "command", command: "echo private words" });
  const created = await call(conversationsRoute, "POST", "/api/agents/talker/conversations", {
    token: user.token,
    params: { name: "talker" },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const conversationId = created.body.conversation.id;
  const sent = await call(messagesRoute, "POST", `/api/conversations/${conversationId}/messages`, {
    token: user.token,
    params: { id: conversationId },
    body: { message: "hello" },
  });
  assert.equal(sent.status, 202, JSON.stringify(sent.body));
  const id = sent.body.execution.id;
  await waitForExecution(user.token, id, undefined, 30_000);

  const mine = await output(id, user.token);
  assert.equal(mine.status, 200);
  assert.deepEqual(
    mine.body.entries.map((e: any) => e.data.text),
    ["private words"],
  );
  assert.equal((await output(id, admin.token)).status, 200);
  const theirs = await output(id, other.token);
  assert.equal(theirs.status, 404);
  assert.ok(!JSON.stringify(theirs.body).includes("private words"));

  // The chat turn's events go to its author and admins, never to the agent's room.
  const rows = await db.event.findMany({ where: { name: "execution_output" } });
  const turn = rows.find((r) => JSON.parse(r.payload).executionId === id);
  assert.ok(turn);
  assert.deepEqual(JSON.parse(turn.rooms).sort(), ["admins", `user:${user.id}`].sort());

  const bad = await call(outputRoute, "GET", `/api/executions/${id}/output?after=-1`, {
    token: user.token,
    params: { id },
  });
  assert.equal(bad.status, 400);
  assert.match(JSON.stringify(bad.body), /after/);
});
