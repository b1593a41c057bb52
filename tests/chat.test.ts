// Chat: conversations per person and agent, one turn at a time, turns kept in order.
import test from "node:test";
import assert from "node:assert/strict";
import { setupTestEnv } from "./support/env";

setupTestEnv("chat");
const { call } = await import("./support/http");
const { startRunner } = await import("./support/runner");
const { waitForExecution } = await import("./support/executions");
const { createTestUser } = await import("./support/users");
const { db } = await import("../lib/db");
const agentsRoute = await import("../app/api/agents/route");
const conversationsRoute = await import("../app/api/agents/[name]/conversations/route");
const conversationRoute = await import("../app/api/conversations/[id]/route");
const messagesRoute = await import("../app/api/conversations/[id]/messages/route");

const runner = await startRunner();
const admin = await createTestUser("admin");
const alice = await createTestUser("user");
const bob = await createTestUser("user");

await call(agentsRoute, "POST", "/api/agents", {
  token: admin.token,
  body: { name: "parrot", runtime: "command", command: `sh -c 'sleep 0.2; printf "you said: %s" "$(cat)"'` },
});


const post = (id: string, message: string, token = alice.token) =>
  call(messagesRoute, "POST", `/api/conversations/${id}/messages`, { token, params: { id }, body: { message } });

let conversationId = "";

test("a person starts a conversation with an agent and sees only their own", async () => {
  const created = await call(conversationsRoute, "POST", "/api/agents/parrot/conversations", { token: alice.token, params: { name: "parrot" } });
  assert.equal(created.status, 201);
  assert.equal(created.body.conversation.agentName, "parrot");
  assert.equal(created.body.conversation.preview, null);
  conversationId = created.body.conversation.id;
  const mine = await call(conversationsRoute, "GET", "/api/agents/parrot/conversations", { token: alice.token, params: { name: "parrot" } });
  assert.deepEqual(mine.body.conversations.map((c: { id: string }) => c.id), [conversationId]);
  const bobs = await call(conversationsRoute, "GET", "/api/agents/parrot/conversations", { token: bob.token, params: { name: "parrot" } });
  assert.deepEqual(bobs.body.conversations, []);
  const missing = await call(conversationsRoute, "POST", "/api/agents/nope/conversations", { token: alice.token, params: { name: "nope" } });
  assert.equal(missing.status, 404);
});

test("turns run one at a time and stay in order", async () => {
  const first = await post(conversationId, "hello");
  assert.equal(first.status, 202);
  assert.equal(first.body.execution.trigger, "chat");
  assert.equal(first.body.execution.conversationId, conversationId);
  const tooSoon = await post(conversationId, "are you there?");
  assert.equal(tooSoon.status, 409);
  assert.match(tooSoon.body.error.message, /previous message/);
  const firstDone = await waitForExecution(alice.token, first.body.execution.id, undefined, 12_000);
  assert.equal(firstDone.status, "succeeded");
  assert.equal(firstDone.response, "you said: hello");

  const second = await post(conversationId, "second turn");
  assert.equal(second.status, 202);
  await waitForExecution(alice.token, second.body.execution.id, undefined, 12_000);

  const res = await call(conversationRoute, "GET", `/api/conversations/${conversationId}`, { token: alice.token, params: { id: conversationId } });
  assert.equal(res.status, 200);
  assert.deepEqual(res.body.executions.map((e: { message: string }) => e.message), ["hello", "second turn"]);
  assert.deepEqual(res.body.executions.map((e: { response: string }) => e.response), ["you said: hello", "you said: second turn"]);
  assert.equal(res.body.conversation.preview, "hello");
});

test("two messages posted at the same moment: exactly one is accepted", async () => {
  const results = await Promise.all([post(conversationId, "race a"), post(conversationId, "race b")]);
  assert.deepEqual(results.map((r) => r.status).sort(), [202, 409]);
  const accepted = results.find((r) => r.status === 202)!;
  await waitForExecution(alice.token, accepted.body.execution.id, undefined, 12_000);
  assert.equal(await db.execution.count({ where: { conversationId } }), 3);
});

test("others may not read or post; admins may read", async () => {
  const params = { id: conversationId };
  const bobRead = await call(conversationRoute, "GET", `/api/conversations/${conversationId}`, { token: bob.token, params });
  assert.equal(bobRead.status, 403);
  assert.equal((await post(conversationId, "hi", bob.token)).status, 403);
  assert.equal((await post(conversationId, "hi", admin.token)).status, 403);
  const adminRead = await call(conversationRoute, "GET", `/api/conversations/${conversationId}`, { token: admin.token, params });
  assert.equal(adminRead.status, 200);
  const empty = await post(conversationId, "");
  assert.equal(empty.status, 400);
  assert.equal(empty.body.error.details[0].field, "message");
  assert.equal(await db.execution.count({ where: { conversationId } }), 3);
});

test.after(async () => {
  await runner.stop();
  await db.$disconnect();
});
