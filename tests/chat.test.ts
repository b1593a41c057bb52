// Chat: conversations per person and agent, one turn at a time, turns kept in order; renaming and deleting them,
// stopping a reply, and a new conversation reusing an empty one rather than piling them up.

import assert from "node:assert/strict";
import test from "node:test";
import { setupTestEnv } from "./support/env";

setupTestEnv("chat");
const { call } = await import("./support/http");
const { startRunner } = await import("./support/runner");
const { waitForExecution } = await import("./support/executions");
const { createTestUser } = await import("./support/users");
const { db } = await import("@/lib/db");
const agentsRoute = await import("@/app/api/agents/route");
const conversationsRoute = await import("@/app/api/agents/[name]/conversations/route");
const conversationRoute = await import("@/app/api/conversations/[id]/route");
const messagesRoute = await import("@/app/api/conversations/[id]/messages/route");
const stopRoute = await import("@/app/api/conversations/[id]/stop/route");

const runner = await startRunner();
const admin = await createTestUser("admin");
const alice = await createTestUser("user");
const bob = await createTestUser("user");

await call(agentsRoute, "POST", "/api/agents", {
  token: admin.token,
  body: { name: "parrot", runtime: "command", command: `sh -c 'sleep 0.2; printf "you said: %s" "$(cat)"'` },
});
// Replies only after a long time: a reply to stop.
await call(agentsRoute, "POST", "/api/agents", {
  token: admin.token,
  body: { name: "slowpoke", runtime: "command", command: "sleep 120" },
});

const post = (id: string, message: string, token = alice.token) =>
  call(messagesRoute, "POST", `/api/conversations/${id}/messages`, { token, params: { id }, body: { message } });

let conversationId = "";

test("a person starts a conversation with an agent and sees only their own", async () => {
  const created = await call(conversationsRoute, "POST", "/api/agents/parrot/conversations", {
    token: alice.token,
    params: { name: "parrot" },
  });
  assert.equal(created.status, 201);
  assert.equal(created.body.conversation.agentName, "parrot");
  assert.equal(created.body.conversation.preview, null);
  conversationId = created.body.conversation.id;
  const mine = await call(conversationsRoute, "GET", "/api/agents/parrot/conversations", {
    token: alice.token,
    params: { name: "parrot" },
  });
  assert.deepEqual(
    mine.body.conversations.map((c: { id: string }) => c.id),
    [conversationId],
  );
  const bobs = await call(conversationsRoute, "GET", "/api/agents/parrot/conversations", {
    token: bob.token,
    params: { name: "parrot" },
  });
  assert.deepEqual(bobs.body.conversations, []);
  const missing = await call(conversationsRoute, "POST", "/api/agents/nope/conversations", {
    token: alice.token,
    params: { name: "nope" },
  });
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

  const res = await call(conversationRoute, "GET", `/api/conversations/${conversationId}`, {
    token: alice.token,
    params: { id: conversationId },
  });
  assert.equal(res.status, 200);
  assert.deepEqual(
    res.body.executions.map((e: { message: string }) => e.message),
    ["hello", "second turn"],
  );
  assert.deepEqual(
    res.body.executions.map((e: { response: string }) => e.response),
    ["you said: hello", "you said: second turn"],
  );
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
  const bobRead = await call(conversationRoute, "GET", `/api/conversations/${conversationId}`, {
    token: bob.token,
    params,
  });
  assert.equal(bobRead.status, 403);
  assert.equal((await post(conversationId, "hi", bob.token)).status, 403);
  assert.equal((await post(conversationId, "hi", admin.token)).status, 403);
  const adminRead = await call(conversationRoute, "GET", `/api/conversations/${conversationId}`, {
    token: admin.token,
    params,
  });
  assert.equal(adminRead.status, 200);
  const empty = await post(conversationId, "");
  assert.equal(empty.status, 400);
  assert.equal(empty.body.error.details[0].field, "message");
  assert.equal(await db.execution.count({ where: { conversationId } }), 3);
});

const conversationOf = (id: string, token = alice.token) =>
  call(conversationRoute, "GET", `/api/conversations/${id}`, { token, params: { id } });
const patch = (id: string, body: unknown, token = alice.token) =>
  call(conversationRoute, "PATCH", `/api/conversations/${id}`, { token, params: { id }, body });
const remove = (id: string, token = alice.token) =>
  call(conversationRoute, "DELETE", `/api/conversations/${id}`, { token, params: { id } });
const stop = (id: string, token = alice.token) =>
  call(stopRoute, "POST", `/api/conversations/${id}/stop`, { token, params: { id } });
const startConversation = (agent: string, token = alice.token) =>
  call(conversationsRoute, "POST", `/api/agents/${agent}/conversations`, { token, params: { name: agent } });

test("starting a conversation again while the last one is still empty gives back that one", async () => {
  const first = await startConversation("parrot", bob.token);
  assert.equal(first.status, 201);
  const again = await startConversation("parrot", bob.token);
  assert.equal(again.status, 200);
  assert.equal(again.body.conversation.id, first.body.conversation.id);
  const done = await post(first.body.conversation.id, "now it has a message", bob.token);
  assert.equal(done.status, 202);
  await waitForExecution(bob.token, done.body.execution.id, undefined, 12_000);
  const next = await startConversation("parrot", bob.token);
  assert.equal(next.status, 201, "the last one has a message now: a new one is made");
  assert.notEqual(next.body.conversation.id, first.body.conversation.id);
  assert.equal(await db.conversation.count({ where: { userId: bob.id } }), 2);
});

test("its author renames a conversation; the title is bounded, one line, and can be removed", async () => {
  const before = (await conversationOf(conversationId)).body.conversation;
  const renamed = await patch(conversationId, { title: "  Trip planning  " });
  assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
  assert.equal(renamed.body.conversation.title, "Trip planning");
  assert.equal(renamed.body.conversation.updatedAt, before.updatedAt, "a rename does not move it up the list");
  const listed = await call(conversationsRoute, "GET", "/api/agents/parrot/conversations", {
    token: alice.token,
    params: { name: "parrot" },
  });
  assert.equal(listed.body.conversations.find((c: { id: string }) => c.id === conversationId).title, "Trip planning");

  for (const [body, why] of [
    [{ title: "x".repeat(101) }, /100 characters/],
    [{ title: "   " }, /empty/],
    [{ title: "two\nlines" }, /one line/],
    [{ title: "evil\u202Etxt.exe" }, /bidirectional/],
    [{ title: 5 }, /./],
    [{}, /./],
  ] as const) {
    const res = await patch(conversationId, body);
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.equal(res.body.error.details[0].field, "title");
    assert.match(res.body.error.details[0].message, why);
  }
  const unknown = await patch(conversationId, { title: "ok", pinned: true });
  assert.equal(unknown.status, 400);
  assert.equal(unknown.body.error.details[0].field, "pinned");

  assert.equal((await patch(conversationId, { title: "Bob's now" }, bob.token)).status, 403);
  assert.equal((await patch(conversationId, { title: "Admin's now" }, admin.token)).status, 403);
  assert.equal((await patch("missing-id", { title: "x" })).status, 404);
  assert.equal(
    (await db.conversation.findUniqueOrThrow({ where: { id: conversationId } })).title,
    "Trip planning",
    "nothing refused was written",
  );

  const cleared = await patch(conversationId, { title: null });
  assert.equal(cleared.status, 200);
  assert.equal(cleared.body.conversation.title, null);
  assert.equal(cleared.body.conversation.preview, "hello");
});

test("a reply being written is stopped: the run is cancelled on the runner and shows as stopped", async () => {
  const created = await startConversation("slowpoke");
  const id = created.body.conversation.id;
  assert.equal((await stop(id)).status, 409, "nothing to stop yet");
  const sent = await post(id, "take your time");
  assert.equal(sent.status, 202);
  await waitForExecution(alice.token, sent.body.execution.id, ["running"], 12_000);

  assert.equal((await stop(id, bob.token)).status, 403, "someone else may not stop it");
  const stopped = await stop(id);
  assert.equal(stopped.status, 200, JSON.stringify(stopped.body));
  assert.equal(stopped.body.execution.id, sent.body.execution.id);
  assert.equal(stopped.body.execution.status, "cancelled");
  const row = await db.execution.findUniqueOrThrow({ where: { id: sent.body.execution.id } });
  assert.equal(row.status, "cancelled");
  assert.ok(row.cancelRequestedAt, "the runner was asked through the row");
  assert.ok(row.finishedAt);
  assert.equal((await stop(id)).status, 409, "stopped already");

  // The conversation takes the next message, and that reply is stopped too, queued or already running.
  const next = await post(id, "again");
  assert.equal(next.status, 202);
  const stoppedAgain = await stop(id);
  assert.equal(stoppedAgain.status, 200);
  assert.equal(stoppedAgain.body.execution.status, "cancelled");
  assert.deepEqual(
    (await conversationOf(id)).body.executions.map((e: { status: string }) => e.status),
    ["cancelled", "cancelled"],
  );
});

test("deleting a conversation removes its messages; only its author or an admin may, and not while a reply is written", async () => {
  const created = await startConversation("parrot");
  const id = created.body.conversation.id;
  const first = await post(id, "to be forgotten");
  assert.equal(first.status, 202);
  const busy = await remove(id);
  assert.equal(busy.status, 409, "a reply is being written");
  assert.match(busy.body.error.message, /stop it first/);
  await waitForExecution(alice.token, first.body.execution.id, undefined, 12_000);

  assert.equal((await remove(id, bob.token)).status, 403);
  assert.equal(await db.execution.count({ where: { conversationId: id } }), 1, "a refused delete removes nothing");
  const deleted = await remove(id);
  assert.equal(deleted.status, 204);
  assert.equal(await db.conversation.count({ where: { id } }), 0);
  assert.equal(await db.execution.count({ where: { id: first.body.execution.id } }), 0, "its messages went with it");
  assert.equal((await conversationOf(id)).status, 404);
  assert.equal((await remove(id)).status, 404);

  // An admin may delete someone's conversation (the one left empty by the first test is Bob's second).
  const bobs = await db.conversation.findMany({ where: { userId: bob.id }, select: { id: true } });
  assert.equal((await remove(bobs[0].id, admin.token)).status, 204);
  assert.equal(await db.conversation.count({ where: { userId: bob.id } }), 1);
});

test.after(async () => {
  await runner.stop();
  await db.$disconnect();
});
