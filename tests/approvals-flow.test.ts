// The approval flow beyond approve/reject, with two real workers running the process engine on one database:
// request changes (a comment required) takes the rejection path and the agent step there gets the comment in its
// message; reminders fall at their times, exactly once; an unanswered reminder escalates to further approvers once;
// a reminder missed while every worker was down is sent once at start; the step keys are checked with line/column.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import type { ApprovalDto, StepRunDto, YamlError } from "@/lib/processes/schemas";
import { startStack } from "./support/stack";
import { startWorker } from "./support/worker";

const stack = await startStack("approvals-flow");
const { db } = await import("@/lib/db");
const { call } = await import("./support/http");
const { createTestUser } = await import("./support/users");
const { stateWaiter } = await import("./support/wait");
const p = await import("./support/processes");
const validateRoute = await import("@/app/api/processes/validate/route");
const approvalRoute = await import("@/app/api/approvals/[id]/route");
const approvalsRoute = await import("@/app/api/approvals/route");
const decideRoute = await import("@/app/api/approvals/[id]/decide/route");

let workerB = await startWorker({ CADRE_WEB_URL: stack.webUrl });
const waitFor = stateWaiter(() => stack.worker.output() + workerB.output(), 30_000);

const admin = await createTestUser("admin");
const starter = await createTestUser("user");
const approver = await createTestUser("user");
const boss = await createTestUser("user");
await p.createCommandAgent(admin, "echo", `printf 'GOT[%s]' "$(cat)"`);

const approverSocket = await p.connectSocket(approver, stack.worker.url);
const bossSocket = await p.connectSocket(boss, workerB.url);
after(async () => {
  approverSocket.close();
  bossSocket.close();
  await workerB.stop("SIGTERM");
  await stack.stop();
});

const decideRaw = (user: { token: string }, id: string, body: unknown) =>
  call(decideRoute, "POST", `/api/approvals/${id}/decide`, { token: user.token, params: { id }, body });

/** The approval_reminder rows of the outbox for one approval, in order. */
async function remindersOf(approvalId: string) {
  const rows = await db.event.findMany({ where: { name: "approval_reminder" }, orderBy: { id: "asc" } });
  return rows
    .map((r) => ({ payload: JSON.parse(r.payload), rooms: JSON.parse(r.rooms) as string[], at: r.createdAt }))
    .filter((r) => r.payload.approvalId === approvalId);
}

const approvalRow = (id: string) => db.approval.findUniqueOrThrow({ where: { id } });

// ---- request changes ---------------------------------------------------------------------------------------------

test("request changes goes down the on_reject path and the agent step there receives the comment", async () => {
  const proc = await p.createProcess(
    admin,
    `name: revise-loop
steps:
  - id: draft
    type: agent_task
    agent: echo
    message: "draft {{input.topic}}; feedback: {{steps.review.comment}}"
  - id: review
    type: human_approval
    title: "Review the draft"
    approvers: [${approver.email}]
    on_reject: draft
`,
  );
  const run = await p.startRun(starter, proc.id, { topic: "tides" });
  const first = await p.pendingApproval(starter, run.id, "review");

  const res = await p.decide(approver, first.id, "request_changes", "Shorter, and cite the source");
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.approval.status, "changes_requested");
  assert.equal(res.body.approval.comment, "Shorter, and cite the source");
  assert.equal(res.body.approval.decisions[0].decision, "request_changes");

  const second = await p.pendingApproval(starter, run.id, "review", 2);
  const runNow = await p.getRun(starter, run.id);
  const drafts = runNow.steps.filter((s: StepRunDto) => s.stepId === "draft");
  assert.deepEqual(
    drafts.map((s: StepRunDto) => s.output),
    ["GOT[draft tides; feedback: ]", "GOT[draft tides; feedback: Shorter, and cite the source]"],
  );
  const review1 = runNow.steps.find((s: StepRunDto) => s.stepId === "review" && s.iteration === 1);
  assert.equal(review1?.status, "rejected");
  assert.equal(review1?.approval?.status, "changes_requested");

  const decided = (await db.event.findMany({ where: { name: "approval_decided" } }))
    .map((e) => JSON.parse(e.payload))
    .filter((e) => e.approvalId === first.id);
  assert.deepEqual(
    decided.map((e) => e.status),
    ["changes_requested"],
  );

  assert.equal((await p.decide(approver, second.id, "approve", "good now")).status, 200);
  await p.waitForRun(starter, run.id, "completed");
  assert.equal((await approvalRow(second.id)).comment, "good now");
});

test("without on_reject a request for changes ends the run as a rejection does", async () => {
  const proc = await p.createProcess(
    admin,
    `name: changes-end
steps:
  - id: review
    type: human_approval
    title: "Go?"
    approvers: [${approver.email}]
`,
  );
  const run = await p.startRun(starter, proc.id);
  const a = await p.pendingApproval(starter, run.id, "review");
  assert.equal((await decideRaw(approver, a.id, { decision: "request_changes", comment: "not yet" })).status, 200);
  const ended = await p.waitForRun(starter, run.id, "cancelled");
  assert.equal(ended.steps[0].approval.status, "changes_requested");
  assert.match(ended.error, /changes requested/);
});

test("request changes needs a non-empty, bounded comment; a refused decision writes nothing", async () => {
  const proc = await p.createProcess(
    admin,
    `name: changes-comment
steps:
  - id: review
    type: human_approval
    title: "Go?"
    approvers: [${approver.email}]
`,
  );
  const run = await p.startRun(starter, proc.id);
  const a = await p.pendingApproval(starter, run.id, "review");
  for (const body of [
    { decision: "request_changes" },
    { decision: "request_changes", comment: "   " },
    { decision: "request_changes", comment: "x".repeat(2001) },
    { decision: "request_changes", comment: 42 },
  ]) {
    const res = await decideRaw(approver, a.id, body);
    assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.match(JSON.stringify(res.body.error), /comment/);
  }
  assert.equal((await decideRaw(approver, a.id, { decision: "send_back", comment: "x" })).status, 400);
  assert.equal(await db.approvalDecision.count({ where: { approvalId: a.id } }), 0);
  assert.equal((await approvalRow(a.id)).status, "pending");
  // A person who may not decide is refused before anything else.
  assert.equal((await decideRaw(boss, a.id, { decision: "request_changes", comment: "me too" })).status, 403);
  assert.equal((await decideRaw(approver, a.id, { decision: "request_changes", comment: "ok" })).status, 200);
});

// ---- definitions -------------------------------------------------------------------------------------------------

const validate = (yaml: string) =>
  call(validateRoute, "POST", "/api/processes/validate", { token: starter.token, body: { yaml } });

function approvalStep(extra: string): string {
  return `name: checks
steps:
  - id: draft
    type: agent_task
    agent: echo
    message: "hi"
  - id: review
    type: human_approval
    title: "Go?"
    approvers: [a@example.com]
${extra}`;
}

async function expectProblem(yaml: string, want: { path: string; line: number; message: RegExp }) {
  const res = await validate(yaml);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.ok, false, JSON.stringify(res.body));
  const found = res.body.errors.find((e: YamlError) => e.path === want.path);
  assert.ok(found, `no error at ${want.path}: ${JSON.stringify(res.body.errors)}`);
  assert.equal(found.line, want.line, JSON.stringify(found));
  assert.ok((found.column ?? 0) >= 1);
  assert.match(found.message, want.message);
}

test("reminder and escalation keys are checked, with line and column", async () => {
  const ok = await validate(
    approvalStep("    timeout: 1d\n    reminders: [4h, 1h]\n    remind_every: 2h\n    escalate_to: [role:admin]\n"),
  );
  assert.equal(ok.body.ok, true, JSON.stringify(ok.body));
  await expectProblem(approvalStep("    reminders: [1h]\n"), {
    path: "steps[1].reminders",
    line: 11,
    message: /add a timeout/,
  });
  await expectProblem(approvalStep("    timeout: 2h\n    reminders: [1h, 3h]\n"), {
    path: "steps[1].reminders[1]",
    line: 12,
    message: /not after the request/,
  });
  await expectProblem(approvalStep("    reminders: [1x]\n"), {
    path: "steps[1].reminders[0]",
    line: 11,
    message: /use a number and a unit/,
  });
  await expectProblem(approvalStep("    timeout: 1h\n    remind_every: 2h\n"), {
    path: "steps[1].remind_every",
    line: 12,
    message: /never comes before the deadline/,
  });
  await expectProblem(approvalStep("    remind_every: 31d\n"), {
    path: "steps[1].remind_every",
    line: 11,
    message: /at most 30d/,
  });
  await expectProblem(approvalStep("    escalate_to: [boss@example.com]\n"), {
    path: "steps[1].escalate_to",
    line: 11,
    message: /add reminders or remind_every/,
  });
  await expectProblem(approvalStep("    escalate_after: 2\n"), {
    path: "steps[1].escalate_after",
    line: 11,
    message: /needs escalate_to/,
  });
  await expectProblem(
    approvalStep("    timeout: 1d\n    reminders: [4h, 1h]\n    escalate_to: [b@example.com]\n    escalate_after: 2\n"),
    { path: "steps[1].escalate_after", line: 14, message: /reminder 3, but this step has 2 reminders/ },
  );
  await expectProblem(approvalStep("    escalate_to: [not-an-address]\n    remind_every: 1h\n"), {
    path: "steps[1].escalate_to[0]",
    line: 11,
    message: /email address, "role:<role>" or "group:<name>"/,
  });
  await expectProblem(approvalStep("    remind_evry: 1h\n"), {
    path: "steps[1].remind_evry",
    line: 11,
    message: /did you mean "remind_every"/,
  });
});

test("{{steps.<id>.comment}} names an approval step that comes before or whose on_reject leads back", async () => {
  const base = (message: string, onReject = "") => `name: comments
steps:
  - id: draft
    type: agent_task
    agent: echo
    message: "${message}"
  - id: review
    type: human_approval
    title: "Go?"
${onReject}  - id: after
    type: agent_task
    agent: echo
    message: "{{steps.review.comment}} {{steps.draft.output}}"
`;
  assert.equal((await validate(base("{{steps.review.comment}}", "    on_reject: draft\n"))).body.ok, true);
  await expectProblem(base("{{steps.review.comment}}"), {
    path: "steps[0].message",
    line: 6,
    message: /does not come before "draft", nor does its on_reject lead here/,
  });
  await expectProblem(base("{{steps.draft.comment}}"), {
    path: "steps[0].message",
    line: 6,
    message: /"draft" is not a human_approval step/,
  });
  await expectProblem(base("{{steps.nope.comment}}"), {
    path: "steps[0].message",
    line: 6,
    message: /no step "nope"/,
  });
});

// ---- reminders ---------------------------------------------------------------------------------------------------

test("reminders fall at their times, each exactly once with two engines, to the approvers who have not decided", async () => {
  const proc = await p.createProcess(
    admin,
    `name: remind-twice
steps:
  - id: review
    type: human_approval
    title: "Remind me"
    approvers: [${approver.email}]
    timeout: 7s
    reminders: [5s]
    remind_every: 2s
`,
  );
  const run = await p.startRun(starter, proc.id);
  const a = await p.pendingApproval(starter, run.id, "review");
  const created = Date.parse(a.createdAt);
  const firstDue = (await approvalRow(a.id)).nextReminderAt;
  assert.equal(firstDue?.getTime(), created + 2000, "7s - 5s and every 2s fall together at 2s");

  // 2s, 4s and 6s after the request; the deadline (7s) then cancels the run.
  await p.waitForRun(starter, run.id, "cancelled", 30_000);
  const sent = await remindersOf(a.id);
  assert.deepEqual(
    sent.map((r) => [r.payload.reminder, r.payload.escalated]),
    [
      [1, false],
      [2, false],
      [3, false],
    ],
  );
  sent.forEach((r, i) => {
    assert.ok(r.at.getTime() >= created + (i + 1) * 2000, `reminder ${i + 1} came early`);
    assert.deepEqual(r.rooms, [`user:${approver.id}`]);
    assert.equal(r.payload.deadlineAt, a.deadlineAt);
    assert.deepEqual(r.payload.approverUserIds, [approver.id]);
  });
  const row = await approvalRow(a.id);
  assert.equal(row.remindersSent, 3);
  assert.equal(row.nextReminderAt, null);
  const heard = await waitFor("the three reminders on the approver's socket", async () => {
    const got = approverSocket.received.filter((e) => e.name === "approval_reminder" && e.payload.approvalId === a.id);
    return got.length >= 3 && got;
  });
  assert.deepEqual(
    heard.map((e) => e.payload.reminder),
    [1, 2, 3],
  );
});

test("a reminder skips the approvers who already decided", async () => {
  const proc = await p.createProcess(
    admin,
    `name: remind-the-rest
steps:
  - id: review
    type: human_approval
    title: "Two of you"
    approvers: [${approver.email}, ${boss.email}]
    required_approvals: 2
    remind_every: 2s
`,
  );
  const run = await p.startRun(starter, proc.id);
  const a = await p.pendingApproval(starter, run.id, "review");
  assert.equal((await p.decide(approver, a.id, "approve")).status, 200);
  const row = await approvalRow(a.id);
  assert.equal(row.remindersSent, 0, "the first reminder came before the first decision");
  await waitFor("reminder 1", async () => (await approvalRow(a.id)).remindersSent >= 1);
  assert.equal((await p.decide(boss, a.id, "approve")).status, 200);
  await p.waitForRun(starter, run.id, "completed");
  const sent = await remindersOf(a.id);
  assert.deepEqual(
    sent.map((r) => [r.payload.reminder, r.rooms, r.payload.approverUserIds]),
    [[1, [`user:${boss.id}`], [boss.id]]],
  );
});

test("an unanswered reminder escalates once: escalate_to joins the approvers and hears of it", async () => {
  const proc = await p.createProcess(
    admin,
    `name: escalates
steps:
  - id: review
    type: human_approval
    title: "Escalate me"
    approvers: [${approver.email}, ${starter.email}]
    remind_every: 2s
    escalate_to: [${boss.email}]
`,
  );
  const run = await p.startRun(starter, proc.id);
  const a = await p.pendingApproval(starter, run.id, "review");
  const getAs = (user: { token: string }) =>
    call(approvalRoute, "GET", `/api/approvals/${a.id}`, { token: user.token, params: { id: a.id } });
  assert.equal((await getAs(boss)).status, 403);

  const first = await waitFor("reminder 1", async () => (await approvalRow(a.id)).remindersSent >= 1);
  assert.ok(first);
  assert.equal((await approvalRow(a.id)).escalatedAt, null);
  assert.equal((await getAs(boss)).status, 403, "escalated before a reminder went unanswered");

  const escalated = await waitFor("the escalation", async () => {
    const row = await approvalRow(a.id);
    return row.escalatedAt && row;
  });
  assert.equal(escalated.remindersSent, 2);
  assert.deepEqual(JSON.parse(escalated.approvers), [approver.email, starter.email, boss.email]);
  const seen = await getAs(boss);
  assert.equal(seen.status, 200);
  assert.equal(seen.body.approval.canDecide, true);
  assert.equal(seen.body.approval.escalatedAt, escalated.escalatedAt?.toISOString());
  const inbox = await call(approvalsRoute, "GET", "/api/approvals", { token: boss.token });
  assert.ok(inbox.body.approvals.some((x: ApprovalDto) => x.id === a.id));
  assert.equal(inbox.body.pendingCount, 1);

  const heard = await waitFor("the escalation on the boss's socket", async () =>
    bossSocket.received.find((e) => e.name === "approval_reminder" && e.payload.approvalId === a.id),
  );
  assert.equal(heard.payload.escalated, true);
  assert.equal(heard.payload.reminder, 2);

  // Reminder 3 goes to both, escalating nothing again.
  await waitFor("reminder 3", async () => (await approvalRow(a.id)).remindersSent >= 3);
  assert.equal((await p.decide(boss, a.id, "approve")).status, 200);
  await p.waitForRun(starter, run.id, "completed");
  const sent = await remindersOf(a.id);
  assert.deepEqual(
    sent.map((r) => [r.payload.reminder, r.payload.escalated, r.rooms.sort()]),
    [
      [1, false, [`user:${approver.id}`]],
      [2, false, [`user:${approver.id}`]],
      [2, true, [`user:${boss.id}`]],
      [3, false, [`user:${approver.id}`, `user:${boss.id}`].sort()],
    ],
  );
  assert.equal((await approvalRow(a.id)).remindersSent, 3);
});

test("reminders missed while every worker was down are sent once at start", async () => {
  const proc = await p.createProcess(
    admin,
    `name: remind-after-restart
steps:
  - id: review
    type: human_approval
    title: "Missed reminders"
    approvers: [${approver.email}]
    timeout: 60s
    reminders: [57s, 55s, 53s]
`,
  );
  const run = await p.startRun(starter, proc.id);
  const a = await p.pendingApproval(starter, run.id, "review");
  await Promise.all([stack.killWorker("SIGKILL"), workerB.stop("SIGKILL")]);
  const row = await approvalRow(a.id);
  assert.equal(row.remindersSent, 0, "a worker sent a reminder before it was stopped");
  const missedAll = Date.parse(a.createdAt) + 7000;
  while (Date.now() <= missedAll) await p.sleep(50);

  await Promise.all([
    stack.startWorkerAgain(),
    startWorker({ CADRE_WEB_URL: stack.webUrl }).then((w) => (workerB = w)),
  ]);
  await waitFor("the reminder at start", async () => (await approvalRow(a.id)).remindersSent >= 1);
  const after = await approvalRow(a.id);
  assert.equal(after.nextReminderAt, null, "no reminder is left before the deadline");
  assert.equal((await p.decide(approver, a.id, "approve")).status, 200);
  await p.waitForRun(starter, run.id, "completed");
  const sent = await remindersOf(a.id);
  assert.equal(sent.length, 1, JSON.stringify(sent));
  assert.equal(sent[0].payload.reminder, 1);
  assert.equal((await approvalRow(a.id)).remindersSent, 1);
});
