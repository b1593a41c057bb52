// An approval's deadline holds even while the worker is down: a decision sent after it passed is a 409 that says so and
// writes nothing; the worker, back, applies the timeout. Before the deadline a decision counts as usual.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { startStack } from "./support/stack";

const stack = await startStack("approvals-deadline");
const { call } = await import("./support/http");
const { createTestUser } = await import("./support/users");
const p = await import("./support/processes");
const approvalRoute = await import("@/app/api/approvals/[id]/route");
const { db } = await import("@/lib/db");

const admin = await createTestUser("admin");
const starter = await createTestUser("user");
const approver = await createTestUser("user");
after(() => stack.stop());

async function processWithTimeout(name: string, timeout: string) {
  return p.createProcess(
    admin,
    `name: ${name}
steps:
  - id: review
    type: human_approval
    title: "Go ahead?"
    approvers: [${approver.email}]
    timeout: ${timeout}
    on_timeout: reject
`,
  );
}

const getApproval = (token: string, id: string) =>
  call(approvalRoute, "GET", `/api/approvals/${id}`, { token, params: { id } });

test("a decision before the deadline counts", async () => {
  const proc = await processWithTimeout("deadline-later", "1h");
  const run = await p.startRun(starter, proc.id);
  const approval = await p.pendingApproval(starter, run.id, "review");
  assert.ok(approval.deadlineAt);
  const res = await p.decide(approver, approval.id, "approve");
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.approval.status, "approved");
  await p.waitForRun(starter, run.id, "completed");
});

test("after the deadline, with the worker down, a decision is 409 and nothing is written", async () => {
  const proc = await processWithTimeout("deadline-passed", "3s");
  const run = await p.startRun(starter, proc.id);
  const approval = await p.pendingApproval(starter, run.id, "review");
  await stack.killWorker("SIGKILL");
  const deadline = Date.parse(approval.deadlineAt);
  assert.equal(
    (await db.approval.findUniqueOrThrow({ where: { id: approval.id } })).status,
    "pending",
    "the worker timed it out before it was stopped",
  );

  assert.equal((await getApproval(approver.token, approval.id)).body.approval.canDecide, true);
  while (Date.now() <= deadline) await p.sleep(20);
  assert.equal(
    (await getApproval(approver.token, approval.id)).body.approval.canDecide,
    false,
    "the form is still offered",
  );

  for (const decision of ["approve", "reject"] as const) {
    const res = await p.decide(approver, approval.id, decision, "too late?");
    assert.equal(res.status, 409, JSON.stringify(res.body));
    assert.equal(res.body.error.code, "conflict");
    assert.match(res.body.error.message, /deadline of this approval passed/);
    assert.equal(res.body.error.details.deadlineAt, approval.deadlineAt);
  }
  assert.equal(await db.approvalDecision.count({ where: { approvalId: approval.id } }), 0);
  const row = await db.approval.findUniqueOrThrow({ where: { id: approval.id } });
  assert.equal(row.status, "pending");
  assert.equal(row.decidedAt, null);

  // The worker applies the timeout when it starts again; the run ends as on_timeout says.
  await stack.startWorkerAgain();
  const ended = await p.waitForRun(starter, run.id, "cancelled");
  assert.equal(ended.steps[0].status, "timed_out");
  const late = await p.decide(approver, approval.id, "approve");
  assert.equal(late.status, 409);
  assert.match(late.body.error.message, /timed out/);
});
