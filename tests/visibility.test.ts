// Who sees what, with the real worker: chat turns only for their author and admins (one execution, cancel, the
// agent's list with its pages, live events); an agent's command and workspace only for its owner and admins; a run's
// approval details only for whoever GET /api/approvals/{id} lets see them.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { startStack } from "./support/stack";

const stack = await startStack("visibility");
const { call } = await import("./support/http");
const { waitForExecution } = await import("./support/executions");
const { createTestUser } = await import("./support/users");
const p = await import("./support/processes");
const agentsRoute = await import("@/app/api/agents/route");
const agentRoute = await import("@/app/api/agents/[name]/route");
const taskRoute = await import("@/app/api/agents/[name]/task/route");
const listRoute = await import("@/app/api/agents/[name]/executions/route");
const executionRoute = await import("@/app/api/executions/[id]/route");
const cancelRoute = await import("@/app/api/executions/[id]/cancel/route");
const conversationsRoute = await import("@/app/api/agents/[name]/conversations/route");
const messagesRoute = await import("@/app/api/conversations/[id]/messages/route");
const approvalRoute = await import("@/app/api/approvals/[id]/route");
const { db } = await import("@/lib/db");

const admin = await createTestUser("admin");
const alice = await createTestUser("user");
const bob = await createTestUser("user");

// A message starting with "slow" runs long enough to be tried while it runs.
await p.createCommandAgent(
  admin,
  "parrot",
  `sh -c 'm=$(cat); case "$m" in slow*) sleep 2;; esac; printf "said: %s" "$m"'`,
);

const sockets = {
  alice: await p.connectSocket(alice),
  bob: await p.connectSocket(bob),
  admin: await p.connectSocket(admin),
};
after(async () => {
  for (const s of Object.values(sockets)) s.close();
  await stack.stop();
});

type Received = { received: { name: string; payload: any }[] };

async function subscribe(s: { socket: { emit: (...args: any[]) => void } }, agent: string) {
  const ack = await new Promise<any>((resolve) => s.socket.emit("subscribe", { agent }, resolve));
  assert.deepEqual(ack, { ok: true });
}

async function waitForEvent(s: Received, name: string, executionId: string, ms = 10_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = s.received.find((e) => e.name === name && e.payload.executionId === executionId);
    if (found) return found;
    if (Date.now() > deadline) assert.fail(`${name} for ${executionId} did not arrive`);
    await p.sleep(20);
  }
}

const eventsOf = (s: Received, executionId: string) => s.received.filter((e) => e.payload?.executionId === executionId);

const getExecution = (token: string, id: string) =>
  call(executionRoute, "GET", `/api/executions/${id}`, { token, params: { id } });
const cancel = (token: string, id: string) =>
  call(cancelRoute, "POST", `/api/executions/${id}/cancel`, { token, params: { id } });

function list(token: string, query: Record<string, string> = {}) {
  const search = new URLSearchParams(query).toString();
  return call(listRoute, "GET", `/api/agents/parrot/executions${search ? `?${search}` : ""}`, {
    token,
    params: { name: "parrot" },
  });
}

/** Every page of the list for this person, and the size of each page. */
async function allPages(token: string, query: Record<string, string> = {}) {
  const ids: string[] = [];
  const sizes: number[] = [];
  let cursor: string | null = null;
  do {
    const res = await list(token, { ...query, ...(cursor ? { cursor } : {}) });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    ids.push(...res.body.executions.map((e: { id: string }) => e.id));
    sizes.push(res.body.executions.length);
    cursor = res.body.nextCursor;
  } while (cursor);
  return { ids, sizes };
}

async function task(token: string, message: string) {
  const res = await call(taskRoute, "POST", "/api/agents/parrot/task", {
    token,
    params: { name: "parrot" },
    body: { message, async: true },
  });
  assert.equal(res.status, 202, JSON.stringify(res.body));
  return (await waitForExecution(token, res.body.execution.id)).id as string;
}

async function newConversation(token: string) {
  const res = await call(conversationsRoute, "POST", "/api/agents/parrot/conversations", {
    token,
    params: { name: "parrot" },
  });
  assert.equal(res.status, 201);
  return res.body.conversation.id as string;
}

async function say(token: string, conversationId: string, message: string) {
  const res = await call(messagesRoute, "POST", `/api/conversations/${conversationId}/messages`, {
    token,
    params: { id: conversationId },
    body: { message },
  });
  assert.equal(res.status, 202, JSON.stringify(res.body));
  return res.body.execution.id as string;
}

const aliceChat = await newConversation(alice.token);

test("someone else's chat turn is 404 to read and to cancel, while it runs; its author and admins read it", async () => {
  await subscribe(sockets.bob, "parrot");
  const id = await say(alice.token, aliceChat, "slow: a secret plan");
  await waitForExecution(alice.token, id, ["running"]);

  const unknown = await getExecution(bob.token, "no-such-execution");
  const read = await getExecution(bob.token, id);
  assert.equal(read.status, 404);
  assert.equal(read.body.error.code, unknown.body.error.code);
  assert.doesNotMatch(JSON.stringify(read.body), /secret plan/);
  const cancelled = await cancel(bob.token, id);
  assert.equal(cancelled.status, 404);
  assert.equal(
    (await db.execution.findUniqueOrThrow({ where: { id } })).status,
    "running",
    "the cancel changed nothing",
  );

  const done = await waitForExecution(alice.token, id);
  assert.equal(done.response, "said: slow: a secret plan");
  const byAdmin = await getExecution(admin.token, id);
  assert.equal(byAdmin.status, 200);
  assert.equal(byAdmin.body.execution.message, "slow: a secret plan");
  // Still 409 for its author once finished: the 404 above was about who asked, not about the state.
  assert.equal((await cancel(alice.token, id)).status, 409);
});

test("live events of a chat turn reach its author and admins, not the agent's room", async () => {
  await subscribe(sockets.bob, "parrot");
  const chatId = await say(alice.token, await newConversation(alice.token), "between us");
  for (const s of [sockets.alice, sockets.admin]) {
    await waitForEvent(s, "execution_started", chatId);
    await waitForEvent(s, "execution_finished", chatId);
  }
  // A task that is not a chat goes to the agent's room: once bob has its finish, he would have had the chat's too.
  const taskId = await task(alice.token, "in the open");
  await waitForEvent(sockets.bob, "execution_started", taskId);
  await waitForEvent(sockets.bob, "execution_finished", taskId);
  assert.deepEqual(eventsOf(sockets.bob, chatId), [], "bob heard about alice's chat turn");
});

test("the agent's list leaves others' chat turns out at the query: full pages, with and without ?trigger=chat", async () => {
  const fresh = await newConversation(alice.token);
  const before = await allPages(bob.token);
  const bobTaskA = await task(bob.token, "bob a");
  const aliceTurns: string[] = [];
  for (const m of ["one", "two", "three"])
    aliceTurns.push((await waitForExecution(alice.token, await say(alice.token, fresh, m))).id);
  const bobTaskB = await task(bob.token, "bob b");
  const bobChat = await newConversation(bob.token);
  const bobTurn = (await waitForExecution(bob.token, await say(bob.token, bobChat, "mine"))).id;

  // limit 2: filtering after reading would leave the second page empty (alice's turns) with more to come.
  const bobs = await allPages(bob.token, { limit: "2" });
  assert.deepEqual(bobs.ids.slice(0, 3), [bobTurn, bobTaskB, bobTaskA]);
  assert.deepEqual(
    bobs.sizes.slice(0, -1).filter((n) => n !== 2),
    [],
    "a page before the last was not full",
  );
  assert.equal(bobs.ids.length, before.ids.length + 3);
  for (const id of aliceTurns) assert.ok(!bobs.ids.includes(id), "bob's list shows alice's chat turn");

  assert.deepEqual((await allPages(bob.token, { trigger: "chat", limit: "1" })).ids, [bobTurn]);
  const alices = (await allPages(alice.token, { trigger: "chat" })).ids;
  assert.deepEqual(alices.slice(0, 3), [...aliceTurns].reverse());
  assert.ok(!alices.includes(bobTurn));
  const admins = (await allPages(admin.token, { trigger: "chat" })).ids;
  for (const id of [...aliceTurns, bobTurn]) assert.ok(admins.includes(id), "an admin misses a chat turn");
});

test("an agent's command and workspace are shown to its owner and admins only", async () => {
  const created = await call(agentsRoute, "POST", "/api/agents", {
    token: alice.token,
    body: { name: "alpha", runtime: "claude-code", start: false },
  });
  assert.equal(created.status, 201);
  assert.ok(created.body.agent.workspaceDir, "the owner gets the workspace back");

  const one = (token: string, name: string) =>
    call(agentRoute, "GET", `/api/agents/${name}`, { token, params: { name } });
  const inList = async (token: string, name: string) =>
    (await call(agentsRoute, "GET", "/api/agents", { token })).body.agents.find(
      (a: { name: string }) => a.name === name,
    );

  for (const name of ["parrot", "alpha"]) {
    for (const agent of [(await one(bob.token, name)).body.agent, await inList(bob.token, name)]) {
      assert.equal(agent.name, name);
      assert.ok(!("command" in agent), `bob sees ${name}'s command`);
      assert.ok(!("workspaceDir" in agent), `bob sees ${name}'s workspace`);
    }
  }
  for (const agent of [(await one(admin.token, "parrot")).body.agent, await inList(admin.token, "parrot")]) {
    assert.match(agent.command, /said: /);
    assert.match(agent.workspaceDir, /parrot$/);
  }
  for (const token of [alice.token, admin.token]) {
    for (const agent of [(await one(token, "alpha")).body.agent, await inList(token, "alpha")]) {
      assert.equal(agent.command, null);
      assert.match(agent.workspaceDir, /alpha$/);
    }
  }
  // Alice does not own parrot.
  assert.ok(!("command" in (await one(alice.token, "parrot")).body.agent));
});

test("a run's approval details follow the approval's own rule: the same person is refused both or shown both", async () => {
  await p.createCommandAgent(admin, "writer", `printf 'DRAFT[%s]' "$(cat)"`);
  const proc = await p.createProcess(
    admin,
    `name: visible-review
steps:
  - id: draft
    type: agent_task
    agent: writer
    message: "report {{input.week}}"
  - id: review
    type: human_approval
    title: "Publish week {{input.week}}?"
    description: "{{steps.draft.output}}"
    approvers: [${alice.email}]
`,
  );
  const run = await p.startRun(admin, proc.id, { week: 7 });
  const approval = await p.pendingApproval(admin, run.id, "review");

  const reviewOf = (r: any) => r.steps.find((s: any) => s.stepId === "review");
  const getApproval = (token: string) =>
    call(approvalRoute, "GET", `/api/approvals/${approval.id}`, { token, params: { id: approval.id } });

  assert.equal((await getApproval(bob.token)).status, 403);
  const bobsView = reviewOf(await p.getRun(bob, run.id));
  assert.equal(bobsView.status, "waiting");
  assert.equal(bobsView.approval, null);
  assert.equal((await getApproval(alice.token)).status, 200);
  assert.equal(reviewOf(await p.getRun(alice, run.id)).approval.id, approval.id);
  assert.equal(reviewOf(await p.getRun(alice, run.id)).approval.canDecide, true);

  const decided = await p.decide(alice, approval.id, "approve", "fine by me");
  assert.equal(decided.status, 200, JSON.stringify(decided.body));
  await p.waitForRun(admin, run.id, "completed");
  // The decided step's output lists the decisions and comments: it is approval detail too.
  const after = reviewOf(await p.getRun(bob, run.id));
  assert.equal(after.status, "completed");
  assert.equal(after.approval, null);
  assert.equal(after.output, null);
  assert.doesNotMatch(JSON.stringify(await p.getRun(bob, run.id)), /fine by me/);
  assert.match(reviewOf(await p.getRun(alice, run.id)).output, /fine by me/);
  assert.match(reviewOf(await p.getRun(admin, run.id)).output, /fine by me/);
});
