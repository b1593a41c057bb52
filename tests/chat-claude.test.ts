// Chat with a claude-code agent, end to end: the real Claude Code CLI against a local fake Messages server.
// The second turn must resume the session of the first, so the server sees the whole conversation. A reply stopped
// while the CLI waits on the server ends the CLI, and the next turn goes on from the last finished one.

import assert from "node:assert/strict";
import test from "node:test";
import { setupTestEnv } from "./support/env";
import { lastUserText, startFakeAnthropic } from "./support/fake-anthropic";

const fake = await startFakeAnthropic({ reply: (req) => `Reply to: ${lastUserText(req.body)}` });
setupTestEnv("chat-claude", { ANTHROPIC_BASE_URL: fake.url, ANTHROPIC_API_KEY: "sk-ant-test-key-000000" });
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
const user = await createTestUser("user");

async function send(conversationId: string, message: string) {
  const res = await call(messagesRoute, "POST", `/api/conversations/${conversationId}/messages`, {
    token: user.token,
    params: { id: conversationId },
    body: { message },
  });
  assert.equal(res.status, 202, JSON.stringify(res.body));
  return waitForExecution(user.token, res.body.execution.id, undefined, 60_000);
}

/** Every text the Messages requests carried, flattened, to see whether earlier turns were sent again. */
function conversationText(body: any): string {
  return JSON.stringify(body?.messages ?? []);
}

test("the second turn resumes the first turn's Claude Code session", async () => {
  const agent = await call(agentsRoute, "POST", "/api/agents", {
    token: user.token,
    body: { name: "helper", runtime: "claude-code", model: "haiku" },
  });
  assert.equal(agent.status, 201);
  const created = await call(conversationsRoute, "POST", "/api/agents/helper/conversations", {
    token: user.token,
    params: { name: "helper" },
  });
  const conversationId = created.body.conversation.id;

  const first = await send(conversationId, "What is the capital of France?");
  assert.equal(first.status, "succeeded", JSON.stringify(first));
  assert.match(first.response, /Reply to: What is the capital of France\?/);
  assert.ok(first.sessionId, "the first turn reports a session id");
  assert.ok(first.inputTokens > 0);
  const saved = await db.conversation.findUniqueOrThrow({ where: { id: conversationId } });
  assert.equal(saved.claudeSessionId, first.sessionId);

  const before = fake.messageRequests().length;
  const second = await send(conversationId, "And of Italy?");
  assert.equal(second.status, "succeeded", JSON.stringify(second));
  assert.match(second.response, /Reply to: And of Italy\?/);
  const secondTurnRequests = fake.messageRequests().slice(before);
  const answered = secondTurnRequests.find((r) => lastUserText(r.body).includes("And of Italy?"));
  assert.ok(answered, "the server received the second message");
  assert.match(conversationText(answered.body), /capital of France/, "the first turn was resumed, not started afresh");

  const detail = await call(conversationRoute, "GET", `/api/conversations/${conversationId}`, {
    token: user.token,
    params: { id: conversationId },
  });
  assert.deepEqual(
    detail.body.executions.map((e: { message: string }) => e.message),
    ["What is the capital of France?", "And of Italy?"],
  );
  assert.equal(
    (await db.conversation.findUniqueOrThrow({ where: { id: conversationId } })).claudeSessionId,
    second.sessionId,
  );
});

/** Waits for the fake server to have received a Messages request whose last user text contains `text`. */
async function waitForRequest(text: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = fake.messageRequests().find((r) => lastUserText(r.body).includes(text));
    if (found) return found;
    if (Date.now() > deadline) assert.fail(`the server never received "${text}"`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test("Stop ends a reply the CLI is still waiting for; the next turn resumes the last finished one", async () => {
  const created = await call(conversationsRoute, "POST", "/api/agents/helper/conversations", {
    token: user.token,
    params: { name: "helper" },
  });
  assert.equal(created.status, 201);
  const conversationId = created.body.conversation.id;
  const first = await send(conversationId, "Remember the word kiwi.");
  assert.equal(first.status, "succeeded", JSON.stringify(first));

  // The server takes the question and never answers it: the reply stays "being written" until stopped.
  fake.setReply((req) =>
    lastUserText(req.body).includes("Think forever") ? { hang: true } : `Reply to: ${lastUserText(req.body)}`,
  );
  const posted = await call(messagesRoute, "POST", `/api/conversations/${conversationId}/messages`, {
    token: user.token,
    params: { id: conversationId },
    body: { message: "Think forever about it." },
  });
  assert.equal(posted.status, 202);
  await waitForRequest("Think forever");
  const stopped = await call(stopRoute, "POST", `/api/conversations/${conversationId}/stop`, {
    token: user.token,
    params: { id: conversationId },
  });
  assert.equal(stopped.status, 200, JSON.stringify(stopped.body));
  assert.equal(stopped.body.execution.status, "cancelled");
  const row = await db.execution.findUniqueOrThrow({ where: { id: posted.body.execution.id } });
  assert.equal(row.status, "cancelled");
  assert.equal(row.sessionId, null, "the stopped turn left no session to resume");

  const third = await send(conversationId, "Which word was it?");
  assert.equal(third.status, "succeeded", JSON.stringify(third));
  const answered = await waitForRequest("Which word was it?");
  assert.match(conversationText(answered.body), /Remember the word kiwi/, "the first turn's session was resumed");
  const detail = await call(conversationRoute, "GET", `/api/conversations/${conversationId}`, {
    token: user.token,
    params: { id: conversationId },
  });
  assert.deepEqual(
    detail.body.executions.map((e: { status: string }) => e.status),
    ["succeeded", "cancelled", "succeeded"],
  );
});

test.after(async () => {
  await runner.stop();
  await db.$disconnect();
  await fake.close();
});
