// Who may call what, for every route the app has. The routes are read from the files under app/api (the same
// table the web server uses for 404/405), so a route added later without a line in EXPECTED fails this suite.
// For each method of each route: an anonymous caller gets 401 (public routes excepted), and a plain user acting
// on another person's agent, schedule, conversation, execution, token, approval or process run is refused (403/404),
// or, where every signed-in person may act, sees only what is theirs to see.

import assert from "node:assert/strict";
import path from "node:path";
import test from "node:test";
import { ROOT } from "./support/env";
import { startStack } from "./support/stack";

const stack = await startStack("authorization");
const { call } = await import("./support/http");
const { createTestUser } = await import("./support/users");
const { waitForExecution } = await import("./support/executions");
const { createProcess, startRun, pendingApproval } = await import("./support/processes");
const { scanApiRoutes } = await import("@/lib/api/route-table");
const { db } = await import("@/lib/db");

const admin = await createTestUser("admin");
const owner = await createTestUser("user");
const other = await createTestUser("user");

// The owner's world: an agent (made by an admin, since it runs a program, then handed over), an assigned skill, a
// schedule, a private chat, a token, a process with an approval addressed to the owner alone, and its run.
const agentsRoute = await import("@/app/api/agents/route");
const agentName = "authz-owned";
assert.equal(
  (
    await call(agentsRoute, "POST", "/api/agents", {
      token: admin.token,
      body: { name: agentName, runtime: "command", command: "cat", start: true },
    })
  ).status,
  201,
);
await db.agent.update({ where: { name: agentName }, data: { ownerId: owner.id } });

const skillsRoute = await import("@/app/api/skills/route");
const skillName = "authz-skill";
assert.equal(
  (
    await call(skillsRoute, "POST", "/api/skills", {
      token: admin.token,
      body: { name: skillName, description: "A playbook", body: "Do $ARGUMENTS" },
    })
  ).status,
  201,
);
const assignRoute = await import("@/app/api/agents/[name]/skills/[skill]/route");
assert.equal(
  (await call(assignRoute, "POST", "/", { token: owner.token, params: { name: agentName, skill: skillName } })).status,
  201,
);

const schedulesRoute = await import("@/app/api/agents/[name]/schedules/route");
const scheduleRes = await call(schedulesRoute, "POST", "/", {
  token: owner.token,
  params: { name: agentName },
  body: { name: "nightly", cron: "0 3 * * *", message: "nightly run" },
});
assert.equal(scheduleRes.status, 201, JSON.stringify(scheduleRes.body));
const scheduleId: string = scheduleRes.body.schedule.id;

const conversationsRoute = await import("@/app/api/agents/[name]/conversations/route");
const conversationId: string = (
  await call(conversationsRoute, "POST", "/", { token: owner.token, params: { name: agentName } })
).body.conversation.id;
const messagesRoute = await import("@/app/api/conversations/[id]/messages/route");
const chat = await call(messagesRoute, "POST", "/", {
  token: owner.token,
  params: { id: conversationId },
  body: { message: "the owner's private plan" },
});
assert.ok(chat.status < 300, JSON.stringify(chat.body));
const chatExecutionId: string = chat.body.execution.id;
await waitForExecution(owner.token, chatExecutionId);

const ownerTokenId = (await db.apiToken.findFirstOrThrow({ where: { userId: owner.id } })).id;

const process = await createProcess(
  owner,
  `name: authz-review
steps:
  - id: review
    type: human_approval
    title: "Private review"
    approvers: [${owner.email}]
`,
);
const run = await startRun(owner, process.id);
const approval = await pendingApproval(owner, run.id, "review");

const delegationsRoute = await import("@/app/api/delegations/route");
const delegationRes = await call(delegationsRoute, "POST", "/api/delegations", {
  token: owner.token,
  body: { to: admin.email, endsAt: new Date(Date.now() + 86400_000).toISOString() },
});
assert.equal(delegationRes.status, 201, JSON.stringify(delegationRes.body));
const delegationId: string = delegationRes.body.delegation.id;
const groupsRoute = await import("@/app/api/approver-groups/route");
assert.equal(
  (await call(groupsRoute, "POST", "/api/approver-groups", { token: admin.token, body: { name: "authz-group" } }))
    .status,
  201,
);

type Check = number | number[] | ((res: { status: number; body: any }) => void);

interface Case {
  url: string;
  params?: Record<string, string>;
  body?: unknown;
  /** what an anonymous caller gets */
  anon: number | number[];
  /** what the other plain user gets acting on the owner's things */
  other: Check;
}

const visibleTo = (status: number, check: (body: any) => void) => (res: { status: number; body: any }) => {
  assert.equal(res.status, status, JSON.stringify(res.body));
  check(res.body);
};
const noSecretsOfTheOwner = (body: any) => {
  const text = JSON.stringify(body);
  assert.ok(!text.includes("the owner's private plan"), "the owner's chat is not shown");
  assert.ok(!text.includes(chatExecutionId), "the owner's chat execution is not listed");
  assert.ok(!text.includes(conversationId), "the owner's conversation is not listed");
};
const a = agentName;
const sched = `/api/agents/${a}/schedules/${scheduleId}`;

/** Every route and method the app serves; the suite fails for a route file with a method missing here. */
const EXPECTED: Record<string, () => Case> = {
  "GET /api/agents": () => ({
    url: "/api/agents",
    anon: 401,
    other: visibleTo(200, (b) => {
      const agent = b.agents.find((x: any) => x.name === a);
      assert.ok(agent, "agents are visible to everyone signed in");
      assert.equal(agent.command, undefined, "the command line is for the owner and admins");
      assert.equal(agent.workspaceDir, undefined, "the workspace path is for the owner and admins");
    }),
  }),
  "POST /api/agents": () => ({
    url: "/api/agents",
    body: { name: "authz-others", runtime: "command", command: "id" },
    anon: 401,
    other: 403,
  }),
  "GET /api/agents/[name]": () => ({
    url: `/api/agents/${a}`,
    params: { name: a },
    anon: 401,
    other: visibleTo(200, (b) => assert.equal(b.agent.command, undefined)),
  }),
  "PUT /api/agents/[name]": () => ({
    url: `/api/agents/${a}`,
    params: { name: a },
    body: { description: "mine now", runnerName: "theirs" },
    anon: 401,
    other: 403,
  }),
  "DELETE /api/agents/[name]": () => ({ url: `/api/agents/${a}`, params: { name: a }, anon: 401, other: 403 }),
  "GET /api/agents/[name]/conversations": () => ({
    url: `/api/agents/${a}/conversations`,
    params: { name: a },
    anon: 401,
    other: visibleTo(200, noSecretsOfTheOwner),
  }),
  "POST /api/agents/[name]/conversations": () => ({
    url: `/api/agents/${a}/conversations`,
    params: { name: a },
    anon: 401,
    other: 201,
  }),
  "GET /api/agents/[name]/executions": () => ({
    url: `/api/agents/${a}/executions?trigger=chat`,
    params: { name: a },
    anon: 401,
    other: visibleTo(200, noSecretsOfTheOwner),
  }),
  "GET /api/agents/[name]/playbooks": () => ({
    url: `/api/agents/${a}/playbooks`,
    params: { name: a },
    anon: 401,
    other: 200,
  }),
  "POST /api/agents/[name]/playbooks/[skill]/run": () => ({
    url: `/api/agents/${a}/playbooks/${skillName}/run`,
    params: { name: a, skill: skillName },
    body: {},
    anon: 401,
    other: 202,
  }),
  "POST /api/agents/[name]/restart": () => ({
    url: `/api/agents/${a}/restart`,
    params: { name: a },
    anon: 401,
    other: 403,
  }),
  "GET /api/agents/[name]/schedules": () => ({
    url: `/api/agents/${a}/schedules`,
    params: { name: a },
    anon: 401,
    other: 200,
  }),
  "GET /api/schedules": () => ({
    url: "/api/schedules?window=7d",
    anon: 401,
    other: visibleTo(200, (b) =>
      assert.ok(
        b.schedules.some((s: { id: string }) => s.id === scheduleId),
        "every signed-in person sees every agent's schedules, as on the agent's page",
      ),
    ),
  }),
  "GET /api/cron/preview": () => ({ url: "/api/cron/preview?expression=0+9+*+*+*", anon: 401, other: 200 }),
  "POST /api/agents/[name]/schedules": () => ({
    url: `/api/agents/${a}/schedules`,
    params: { name: a },
    body: { name: "theirs", cron: "0 4 * * *", message: "x" },
    anon: 401,
    other: 403,
  }),
  "GET /api/agents/[name]/schedules/[id]": () => ({
    url: sched,
    params: { name: a, id: scheduleId },
    anon: 401,
    other: 200,
  }),
  "PUT /api/agents/[name]/schedules/[id]": () => ({
    url: sched,
    params: { name: a, id: scheduleId },
    body: { message: "changed" },
    anon: 401,
    other: 403,
  }),
  "DELETE /api/agents/[name]/schedules/[id]": () => ({
    url: sched,
    params: { name: a, id: scheduleId },
    anon: 401,
    other: 403,
  }),
  "POST /api/agents/[name]/schedules/[id]/disable": () => ({
    url: `${sched}/disable`,
    params: { name: a, id: scheduleId },
    anon: 401,
    other: 403,
  }),
  "POST /api/agents/[name]/schedules/[id]/enable": () => ({
    url: `${sched}/enable`,
    params: { name: a, id: scheduleId },
    anon: 401,
    other: 403,
  }),
  "GET /api/agents/[name]/schedules/[id]/executions": () => ({
    url: `${sched}/executions`,
    params: { name: a, id: scheduleId },
    anon: 401,
    other: 200,
  }),
  "POST /api/agents/[name]/schedules/[id]/trigger": () => ({
    url: `${sched}/trigger`,
    params: { name: a, id: scheduleId },
    anon: 401,
    other: 202,
  }),
  "POST /api/agents/[name]/schedules/[id]/pause": () => ({
    url: `${sched}/pause`,
    params: { name: a, id: scheduleId },
    body: { note: "theirs" },
    anon: 401,
    other: 403,
  }),
  "POST /api/agents/[name]/schedules/[id]/resume": () => ({
    url: `${sched}/resume`,
    params: { name: a, id: scheduleId },
    anon: 401,
    other: 403,
  }),
  "POST /api/agents/[name]/schedules/[id]/backfill": () => ({
    url: `${sched}/backfill`,
    params: { name: a, id: scheduleId },
    body: { from: "2026-01-01T00:00:00Z", to: "2026-01-01T01:00:00Z", confirm: true },
    anon: 401,
    other: 403,
  }),
  "GET /api/agents/[name]/schedules/[id]/changes": () => ({
    url: `${sched}/changes`,
    params: { name: a, id: scheduleId },
    anon: 401,
    other: 200,
  }),
  "GET /api/agents/[name]/skills": () => ({
    url: `/api/agents/${a}/skills`,
    params: { name: a },
    anon: 401,
    other: 200,
  }),
  "PUT /api/agents/[name]/skills": () => ({
    url: `/api/agents/${a}/skills`,
    params: { name: a },
    body: { skills: [] },
    anon: 401,
    other: 403,
  }),
  "POST /api/agents/[name]/skills/[skill]": () => ({
    url: `/api/agents/${a}/skills/${skillName}`,
    params: { name: a, skill: skillName },
    anon: 401,
    other: 403,
  }),
  "DELETE /api/agents/[name]/skills/[skill]": () => ({
    url: `/api/agents/${a}/skills/${skillName}`,
    params: { name: a, skill: skillName },
    anon: 401,
    other: 403,
  }),
  "POST /api/agents/[name]/start": () => ({
    url: `/api/agents/${a}/start`,
    params: { name: a },
    anon: 401,
    other: 403,
  }),
  "POST /api/agents/[name]/stop": () => ({ url: `/api/agents/${a}/stop`, params: { name: a }, anon: 401, other: 403 }),
  "POST /api/agents/[name]/task": () => ({
    url: `/api/agents/${a}/task`,
    params: { name: a },
    body: { message: "hello", async: true },
    anon: 401,
    other: 202,
  }),
  "GET /api/approvals": () => ({
    url: "/api/approvals?status=all",
    anon: 401,
    other: visibleTo(200, (b) =>
      assert.ok(!JSON.stringify(b).includes(approval.id), "an approval for someone else is not listed"),
    ),
  }),
  "GET /api/approvals/[id]": () => ({
    url: `/api/approvals/${approval.id}`,
    params: { id: approval.id },
    anon: 401,
    other: [403, 404],
  }),
  "POST /api/approvals/[id]/decide": () => ({
    url: `/api/approvals/${approval.id}/decide`,
    params: { id: approval.id },
    body: { decision: "approve" },
    anon: 401,
    other: [403, 404],
  }),
  "POST /api/approvals/[id]/delegate": () => ({
    url: `/api/approvals/${approval.id}/delegate`,
    params: { id: approval.id },
    body: { to: other.email },
    anon: 401,
    other: [403, 404],
  }),
  "POST /api/approvals/[id]/links": () => ({
    url: `/api/approvals/${approval.id}/links`,
    params: { id: approval.id },
    anon: 401,
    other: [403, 404],
  }),
  // Authenticated by the link's token, not by who is asking; a change without Cadre's Origin is refused first.
  "POST /api/approvals/act": () => ({
    url: "/api/approvals/act",
    body: { token: "not-a-token" },
    anon: 403,
    other: 400,
  }),
  "GET /api/approver-groups": () => ({ url: "/api/approver-groups", anon: 401, other: 200 }),
  "POST /api/approver-groups": () => ({
    url: "/api/approver-groups",
    body: { name: "authz-theirs" },
    anon: 401,
    other: 403,
  }),
  "GET /api/approver-groups/[name]": () => ({
    url: "/api/approver-groups/authz-group",
    params: { name: "authz-group" },
    anon: 401,
    other: 200,
  }),
  "PUT /api/approver-groups/[name]": () => ({
    url: "/api/approver-groups/authz-group",
    params: { name: "authz-group" },
    body: { members: [other.email] },
    anon: 401,
    other: 403,
  }),
  "DELETE /api/approver-groups/[name]": () => ({
    url: "/api/approver-groups/authz-group",
    params: { name: "authz-group" },
    anon: 401,
    other: 403,
  }),
  "GET /api/delegations": () => ({
    url: "/api/delegations",
    anon: 401,
    other: visibleTo(200, (b) =>
      assert.ok(!JSON.stringify(b).includes(delegationId), "another person's delegation is not listed"),
    ),
  }),
  "POST /api/delegations": () => ({
    url: "/api/delegations",
    body: { to: admin.email, endsAt: new Date(Date.now() + 3600_000).toISOString() },
    anon: 401,
    other: 201,
  }),
  "DELETE /api/delegations/[id]": () => ({
    url: `/api/delegations/${delegationId}`,
    params: { id: delegationId },
    anon: 401,
    other: 403,
  }),
  "GET /api/auth/[...all]": () => ({ url: "/api/auth/get-session", anon: 200, other: 200 }),
  "POST /api/auth/[...all]": () => ({ url: "/api/auth/sign-out", body: {}, anon: 403, other: 403 }),
  "PUT /api/auth/[...all]": () => ({ url: "/api/auth/sign-out", body: {}, anon: 405, other: 405 }),
  "PATCH /api/auth/[...all]": () => ({ url: "/api/auth/sign-out", body: {}, anon: 405, other: 405 }),
  "DELETE /api/auth/[...all]": () => ({ url: "/api/auth/sign-out", anon: 405, other: 405 }),
  "GET /api/conversations/[id]": () => ({
    url: `/api/conversations/${conversationId}`,
    params: { id: conversationId },
    anon: 401,
    other: [403, 404],
  }),
  "POST /api/conversations/[id]/messages": () => ({
    url: `/api/conversations/${conversationId}/messages`,
    params: { id: conversationId },
    body: { message: "let me in" },
    anon: 401,
    other: [403, 404],
  }),
  "PATCH /api/conversations/[id]": () => ({
    url: `/api/conversations/${conversationId}`,
    params: { id: conversationId },
    body: { title: "taken over" },
    anon: 401,
    other: [403, 404],
  }),
  "DELETE /api/conversations/[id]": () => ({
    url: `/api/conversations/${conversationId}`,
    params: { id: conversationId },
    anon: 401,
    other: [403, 404],
  }),
  "POST /api/conversations/[id]/stop": () => ({
    url: `/api/conversations/${conversationId}/stop`,
    params: { id: conversationId },
    anon: 401,
    other: [403, 404],
  }),
  "GET /api/executions": () => ({
    url: "/api/executions?trigger=chat",
    anon: 401,
    other: visibleTo(200, noSecretsOfTheOwner),
  }),
  "GET /api/executions/export": () => ({
    url: "/api/executions/export?format=json&trigger=chat",
    anon: 401,
    other: visibleTo(200, noSecretsOfTheOwner),
  }),
  "POST /api/executions/[id]/rerun": () => ({
    url: `/api/executions/${chatExecutionId}/rerun`,
    params: { id: chatExecutionId },
    anon: 401,
    other: [403, 404],
  }),
  "GET /api/executions/[id]": () => ({
    url: `/api/executions/${chatExecutionId}`,
    params: { id: chatExecutionId },
    anon: 401,
    other: 404,
  }),
  "GET /api/executions/[id]/output": () => ({
    url: `/api/executions/${chatExecutionId}/output`,
    params: { id: chatExecutionId },
    anon: 401,
    other: 404,
  }),
  "POST /api/executions/[id]/cancel": () => ({
    url: `/api/executions/${chatExecutionId}/cancel`,
    params: { id: chatExecutionId },
    anon: 401,
    other: [403, 404],
  }),
  "POST /api/internal/execute-task": () => ({
    url: "/api/internal/execute-task",
    body: { agent_name: a, message: "x", triggered_by: "api" },
    anon: 401,
    other: 401,
  }),
  "GET /api/me": () => ({ url: "/api/me", anon: 401, other: visibleTo(200, (b) => assert.equal(b.user.id, other.id)) }),
  // A run is visible to everyone signed in; an approval inside it only as far as GET /api/approvals/{id} shows it.
  // The API reference describes the software, not this installation's data: public, like the code it documents.
  "GET /api/openapi.json": () => ({ url: "/api/openapi.json", anon: 200, other: 200 }),
  "GET /api/process-runs/[id]": () => ({
    url: `/api/process-runs/${run.id}`,
    params: { id: run.id },
    anon: 401,
    other: visibleTo(200, (b) => {
      const step = b.run.steps.find((s: any) => s.stepId === "review");
      assert.equal(step.approval, null, "the approval addressed to the owner is not shown");
      assert.ok(!JSON.stringify(b).includes(approval.id));
    }),
  }),
  "POST /api/process-runs/[id]/cancel": () => ({
    url: `/api/process-runs/${run.id}/cancel`,
    params: { id: run.id },
    anon: 401,
    other: 403,
  }),
  "GET /api/processes": () => ({ url: "/api/processes", anon: 401, other: 200 }),
  "POST /api/processes": () => ({
    url: "/api/processes",
    body: { yaml: "name: authz-other\nsteps:\n  - id: a\n    type: human_approval\n    title: ok\n" },
    anon: 401,
    other: 201,
  }),
  "GET /api/processes/[id]": () => ({
    url: `/api/processes/${process.id}`,
    params: { id: process.id },
    anon: 401,
    other: 200,
  }),
  "PUT /api/processes/[id]": () => ({
    url: `/api/processes/${process.id}`,
    params: { id: process.id },
    body: { yaml: "name: authz-review\nsteps:\n  - id: b\n    type: human_approval\n    title: mine\n" },
    anon: 401,
    other: 403,
  }),
  "DELETE /api/processes/[id]": () => ({
    url: `/api/processes/${process.id}`,
    params: { id: process.id },
    anon: 401,
    other: 403,
  }),
  "GET /api/processes/[id]/runs": () => ({
    url: `/api/processes/${process.id}/runs`,
    params: { id: process.id },
    anon: 401,
    other: 200,
  }),
  "POST /api/processes/[id]/runs": () => ({
    url: `/api/processes/${process.id}/runs`,
    params: { id: process.id },
    body: { input: {} },
    anon: 401,
    other: 202,
  }),
  "POST /api/processes/validate": () => ({
    url: "/api/processes/validate",
    body: { yaml: "name: x\nsteps: []\n" },
    anon: 401,
    other: 200,
  }),
  "GET /api/realtime/token": () => ({ url: "/api/realtime/token", anon: 401, other: 200 }),
  "GET /api/runners": () => ({ url: "/api/runners", anon: 401, other: 403 }),
  // Runner names are offered to everyone who may pin an agent they own.
  "GET /api/runners/names": () => ({ url: "/api/runners/names", anon: 401, other: 200 }),
  "GET /api/scheduler/status": () => ({ url: "/api/scheduler/status", anon: 401, other: 403 }),
  "GET /api/audit": () => ({
    url: "/api/audit",
    anon: 401,
    other: visibleTo(200, (b) => {
      assert.equal(b.scope, "own_agents");
      assert.deepEqual(b.entries, [], "a user who owns no agent sees no entry, not even the owner's agent's");
    }),
  }),
  "GET /api/audit/export": () => ({
    url: "/api/audit/export?format=json",
    anon: 401,
    other: visibleTo(200, (b) => assert.deepEqual(b.entries, [])),
  }),
  "GET /api/settings": () => ({ url: "/api/settings", anon: 401, other: 403 }),
  "PUT /api/settings": () => ({ url: "/api/settings", body: {}, anon: 401, other: 403 }),
  // Notifications: each person's own choices; the channels, endpoints and delivery log are admins'.
  "GET /api/me/notifications": () => ({ url: "/api/me/notifications", anon: 401, other: 200 }),
  "PUT /api/me/notifications": () => ({ url: "/api/me/notifications", body: { slack: false }, anon: 401, other: 200 }),
  "GET /api/notifications/settings": () => ({ url: "/api/notifications/settings", anon: 401, other: 403 }),
  "PUT /api/notifications/settings": () => ({ url: "/api/notifications/settings", body: {}, anon: 401, other: 403 }),
  "POST /api/notifications/test": () => ({
    url: "/api/notifications/test",
    body: { channel: "slack" },
    anon: 401,
    other: 403,
  }),
  "GET /api/notifications/webhooks": () => ({ url: "/api/notifications/webhooks", anon: 401, other: 403 }),
  "POST /api/notifications/webhooks": () => ({
    url: "/api/notifications/webhooks",
    body: { url: "http://127.0.0.1:9/hook", events: ["approval.requested"] },
    anon: 401,
    other: 403,
  }),
  "PATCH /api/notifications/webhooks/[id]": () => ({
    url: "/api/notifications/webhooks/x",
    params: { id: "x" },
    body: { enabled: false },
    anon: 401,
    other: 403,
  }),
  "DELETE /api/notifications/webhooks/[id]": () => ({
    url: "/api/notifications/webhooks/x",
    params: { id: "x" },
    anon: 401,
    other: 403,
  }),
  "POST /api/notifications/webhooks/[id]": () => ({
    url: "/api/notifications/webhooks/x",
    params: { id: "x" },
    anon: 401,
    other: 403,
  }),
  "GET /api/deliveries": () => ({ url: "/api/deliveries", anon: 401, other: 403 }),
  "GET /api/deliveries/[id]": () => ({ url: "/api/deliveries/x", params: { id: "x" }, anon: 401, other: 403 }),
  "POST /api/deliveries/[id]/redeliver": () => ({
    url: "/api/deliveries/x/redeliver",
    params: { id: "x" },
    anon: 401,
    other: 403,
  }),
  "GET /api/setup": () => ({ url: "/api/setup", anon: 200, other: 200 }),
  // Public, so no identity is needed; a change without Cadre's Origin is refused before anything else.
  "POST /api/setup": () => ({
    url: "/api/setup",
    body: { email: "x@example.com", name: "X", password: "password-123" },
    anon: 403,
    other: 409,
  }),
  "GET /api/skills": () => ({ url: "/api/skills", anon: 401, other: 200 }),
  "POST /api/skills": () => ({
    url: "/api/skills",
    body: { name: "authz-theirs", description: "x", body: "x" },
    anon: 401,
    other: 403,
  }),
  "GET /api/skills/[name]": () => ({
    url: `/api/skills/${skillName}`,
    params: { name: skillName },
    anon: 401,
    other: 200,
  }),
  "PUT /api/skills/[name]": () => ({
    url: `/api/skills/${skillName}`,
    params: { name: skillName },
    body: { description: "changed" },
    anon: 401,
    other: 403,
  }),
  "DELETE /api/skills/[name]": () => ({
    url: `/api/skills/${skillName}`,
    params: { name: skillName },
    anon: 401,
    other: 403,
  }),
  "POST /api/skills/[name]/resolve": () => ({
    url: `/api/skills/${skillName}/resolve`,
    params: { name: skillName },
    body: { keep: "cadre" },
    anon: 401,
    other: 403,
  }),
  "GET /api/skills/sync": () => ({ url: "/api/skills/sync", anon: 401, other: 403 }),
  "POST /api/skills/sync": () => ({ url: "/api/skills/sync", body: { dryRun: true }, anon: 401, other: 403 }),
  "PUT /api/skills/sync": () => ({
    url: "/api/skills/sync",
    body: { repoUrl: "https://example.com/x.git" },
    anon: 401,
    other: 403,
  }),
  "GET /api/tokens": () => ({
    url: "/api/tokens",
    anon: 401,
    other: visibleTo(200, (b) => assert.ok(!b.tokens.some((t: any) => t.id === ownerTokenId))),
  }),
  "POST /api/tokens": () => ({ url: "/api/tokens", body: { name: "mine" }, anon: 401, other: 201 }),
  "DELETE /api/tokens/[id]": () => ({
    url: `/api/tokens/${ownerTokenId}`,
    params: { id: ownerTokenId },
    anon: 401,
    other: 404,
  }),
  "GET /api/users": () => ({ url: "/api/users", anon: 401, other: 403 }),
  "POST /api/users": () => ({
    url: "/api/users",
    body: { email: "new@example.com", name: "New", password: "password-123", role: "admin" },
    anon: 401,
    other: 403,
  }),
  "PATCH /api/users/[id]": () => ({
    url: `/api/users/${owner.id}`,
    params: { id: owner.id },
    body: { role: "admin" },
    anon: 401,
    other: 403,
  }),
  "DELETE /api/users/[id]": () => ({ url: `/api/users/${owner.id}`, params: { id: owner.id }, anon: 401, other: 403 }),
  "POST /api/users/[id]/password": () => ({
    url: `/api/users/${owner.id}/password`,
    params: { id: owner.id },
    body: { password: "password-456" },
    anon: 401,
    other: 403,
  }),
};

const routes = scanApiRoutes(ROOT);
const served = routes.flatMap((r) => r.methods.map((m) => ({ key: `${m} ${r.path}`, method: m, file: r.file })));

test("every method of every route file has an expectation, and every expectation a route", () => {
  const missing = served.filter((s) => !EXPECTED[s.key]).map((s) => `${s.key} (${s.file})`);
  assert.deepEqual(missing, [], "routes without a line in EXPECTED: add one saying who may call them");
  const stale = Object.keys(EXPECTED).filter((k) => !served.some((s) => s.key === k));
  assert.deepEqual(stale, [], "expectations for routes that no longer exist");
  assert.ok(served.length >= 70, `${served.length} route methods`);
});

async function send(method: string, file: string, c: Case, token?: string) {
  const mod = await import(path.join(ROOT, file));
  return call(mod, method, c.url, { token, params: c.params, body: c.body });
}

function expectStatus(res: { status: number; body: any }, want: number | number[], what: string) {
  const allowed = Array.isArray(want) ? want : [want];
  assert.ok(
    allowed.includes(res.status),
    `${what}: got ${res.status} ${JSON.stringify(res.body)}, want ${allowed.join(" or ")}`,
  );
  if (res.status >= 400) {
    assert.equal(typeof res.body?.error?.code, "string", `${what}: error shape`);
    assert.equal(typeof res.body?.error?.message, "string", `${what}: error shape`);
  }
}

test("anonymous callers get 401 on every route that is not public", async () => {
  let checked = 0;
  for (const s of served) {
    const c = EXPECTED[s.key]?.();
    if (!c) continue;
    expectStatus(await send(s.method, s.file, c), c.anon, `anonymous ${s.key}`);
    checked++;
  }
  console.log(`[authorization] anonymous: ${checked} route methods checked`);
});

test("a plain user acting on another person's things is refused, or sees only what is theirs", async () => {
  const before = {
    agent: await db.agent.findUniqueOrThrow({ where: { name: agentName } }),
    schedule: await db.schedule.findUniqueOrThrow({ where: { id: scheduleId } }),
  };
  let checked = 0;
  for (const s of served) {
    const c = EXPECTED[s.key]?.();
    if (!c) continue;
    const res = await send(s.method, s.file, c, other.token);
    if (typeof c.other === "function") c.other(res);
    else expectStatus(res, c.other, `other user ${s.key}`);
    checked++;
  }
  console.log(`[authorization] other user: ${checked} route methods checked`);
  // The refusals wrote nothing: the owner's agent, schedule, approval, token and run are as they were.
  const agent = await db.agent.findUniqueOrThrow({ where: { name: agentName } });
  assert.equal(agent.description, before.agent.description);
  assert.equal(agent.runnerName, before.agent.runnerName);
  assert.equal(agent.ownerId, owner.id);
  const schedule = await db.schedule.findUniqueOrThrow({ where: { id: scheduleId } });
  assert.equal(schedule.message, before.schedule.message);
  assert.equal(schedule.enabled, before.schedule.enabled);
  assert.equal((await db.approval.findUniqueOrThrow({ where: { id: approval.id } })).status, "pending");
  assert.ok(await db.apiToken.findUnique({ where: { id: ownerTokenId } }));
  assert.equal((await db.user.findUniqueOrThrow({ where: { id: owner.id } })).role, "user");
  assert.equal(await db.agent.count({ where: { name: "authz-others" } }), 0);
  const conversation = await db.conversation.findUniqueOrThrow({ where: { id: conversationId } });
  assert.equal(conversation.title, null, "the owner's conversation was not renamed");
  assert.equal(await db.execution.count({ where: { conversationId } }), 1, "nor deleted");
});

test.after(() => stack.stop());
