// Process runs end to end with `command` agents and the real worker process: approve path with outputs templated
// into later steps, reject with on_reject (a second iteration), reject to cancel, a quorum of two, timeouts both ways
// applied by the worker on time, cancel, and a failing step failing the run.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { startStack } from "./support/stack";

const stack = await startStack("processes-engine");
const { db } = await import("@/lib/db");
const { createTestUser } = await import("./support/users");
const p = await import("./support/processes");
const { call } = await import("./support/http");
const cancelRoute = await import("@/app/api/process-runs/[id]/cancel/route");

after(() => stack.stop());

const admin = await createTestUser("admin");
const alice = await createTestUser("user");
const bob = await createTestUser("user");

// writer drafts from its task; publisher echoes what it is asked to publish.
await p.createCommandAgent(admin, "writer", `printf 'DRAFT[%s]' "$(cat)"`);
await p.createCommandAgent(admin, "publisher", `printf 'PUBLISHED[%s]' "$(cat)"`);
await p.createCommandAgent(admin, "broken", "echo nope >&2; exit 3");

let n = 0;
function yamlOf(review: string, extraSteps = "") {
  n += 1;
  return `name: report-${n}
description: Draft, sign-off, publish
steps:
  - id: draft
    type: agent_task
    agent: writer
    message: "week {{input.week}}"
  - id: review
    type: human_approval
    title: "Publish the report for {{input.week}}?"
    description: "{{steps.draft.output}}"
${review}
  - id: publish
    type: agent_task
    agent: publisher
    message: "{{steps.draft.output}} / {{steps.review.output}}"
${extraSteps}`;
}

const indent = (lines: string[]) => lines.map((l) => `    ${l}`).join("\n");

test("approve: the run pauses with the draft in the approval, then completes with outputs templated forward", async () => {
  const proc = await p.createProcess(admin, yamlOf(indent([`approvers: [${bob.email}]`])));
  const run = await p.startRun(alice, proc.id, { week: "W23" });
  const approval = await p.pendingApproval(alice, run.id, "review");
  assert.equal(approval.title, "Publish the report for W23?");
  assert.equal(approval.description, "DRAFT[week W23]");
  assert.deepEqual(approval.context, { input: { week: "W23" }, steps: { draft: { output: "DRAFT[week W23]" } } });
  assert.equal(approval.startedBy.id, alice.id);
  assert.deepEqual(approval.approvers, [bob.email]);

  const res = await p.decide(bob, approval.id, "approve", "ship it");
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.approval.status, "approved");
  const done = await p.waitForRun(alice, run.id, "completed");
  assert.deepEqual(
    done.steps.map((s: any) => [s.stepId, s.iteration, s.status]),
    [
      ["draft", 1, "completed"],
      ["review", 1, "completed"],
      ["publish", 1, "completed"],
    ],
  );
  const publish = done.steps[2];
  assert.equal(publish.output, `PUBLISHED[DRAFT[week W23] / approved\n${bob.email}: approve — ship it]`);
  assert.ok(publish.executionId && publish.agentName === "publisher");
  const execution = await db.execution.findUniqueOrThrow({ where: { id: publish.executionId } });
  assert.equal(execution.trigger, "process");
  assert.equal(execution.idempotencyKey, `step:${publish.id}`);
  assert.ok(done.finishedAt);
  assert.equal(done.steps[1].approval.decisions[0].comment, "ship it");
});

test("reject with on_reject goes back to the step (iteration 2) and completes once approved", async () => {
  const proc = await p.createProcess(admin, yamlOf(indent(["on_reject: draft"])));
  const run = await p.startRun(alice, proc.id, { week: "W24" });
  const first = await p.pendingApproval(alice, run.id, "review", 1);
  assert.equal((await p.decide(bob, first.id, "reject", "too short")).status, 200);
  const second = await p.pendingApproval(alice, run.id, "review", 2);
  assert.notEqual(second.id, first.id);
  assert.equal((await p.decide(bob, second.id, "approve")).status, 200);
  const done = await p.waitForRun(alice, run.id, "completed");
  assert.deepEqual(
    done.steps.map((s: any) => [s.stepId, s.iteration, s.status]),
    [
      ["draft", 1, "completed"],
      ["review", 1, "rejected"],
      ["draft", 2, "completed"],
      ["review", 2, "completed"],
      ["publish", 1, "completed"],
    ],
  );
  assert.equal(done.steps[1].approval.status, "rejected");
  assert.equal(done.steps[1].approval.decisions[0].comment, "too short");
});

test("reject without on_reject cancels the run; the next step never starts", async () => {
  const proc = await p.createProcess(admin, yamlOf(indent(["on_reject: cancel"])));
  const run = await p.startRun(alice, proc.id, { week: "W25" });
  const approval = await p.pendingApproval(alice, run.id, "review");
  assert.equal((await p.decide(bob, approval.id, "reject")).status, 200);
  const done = await p.waitForRun(alice, run.id, "cancelled");
  await p.sleep(1_200);
  const again = await p.getRun(alice, run.id);
  assert.equal(again.status, "cancelled");
  assert.deepEqual(
    again.steps.map((s: any) => [s.stepId, s.status]),
    [
      ["draft", "completed"],
      ["review", "rejected"],
    ],
  );
  assert.match(done.error, /rejected/);
});

test("quorum of two: one approval keeps it pending, the second resumes the run", async () => {
  const proc = await p.createProcess(admin, yamlOf(indent(["required_approvals: 2"])));
  const run = await p.startRun(alice, proc.id, { week: "W26" });
  const approval = await p.pendingApproval(alice, run.id, "review");
  const one = await p.decide(bob, approval.id, "approve");
  assert.equal(one.status, 200);
  assert.equal(one.body.approval.status, "pending");
  assert.equal(one.body.approval.approveCount, 1);
  assert.equal(one.body.approval.canDecide, false);
  await p.sleep(1_200);
  assert.equal((await p.getRun(alice, run.id)).status, "paused");
  const two = await p.decide(admin, approval.id, "approve");
  assert.equal(two.body.approval.status, "approved");
  const done = await p.waitForRun(alice, run.id, "completed");
  assert.equal(done.steps.filter((s: any) => s.stepId === "publish").length, 1);
});

for (const onTimeout of ["approve", "reject"] as const) {
  test(`timeout with on_timeout ${onTimeout} is applied by the worker within a second of the deadline`, async () => {
    const proc = await p.createProcess(admin, yamlOf(indent(["timeout: 2s", `on_timeout: ${onTimeout}`])));
    const run = await p.startRun(alice, proc.id, { week: "W27" });
    const approval = await p.pendingApproval(alice, run.id, "review");
    const deadline = Date.parse(approval.deadlineAt);
    assert.ok(Math.abs(deadline - Date.parse(approval.createdAt) - 2000) < 50, "deadline is 2 s after the approval");
    // Nobody reads the approval until the worker has had time to apply it.
    await p.sleep(Math.max(0, deadline - Date.now()) + 1_000);
    const row = await db.approval.findUniqueOrThrow({ where: { id: approval.id } });
    assert.equal(row.status, "timed_out");
    const lateness = row.decidedAt!.getTime() - deadline;
    assert.ok(lateness >= 0 && lateness < 1000, `applied ${lateness} ms after the deadline`);
    console.log(`# timeout applied ${lateness} ms after the deadline`);
    const done = await p.waitForRun(alice, run.id, onTimeout === "approve" ? "completed" : "cancelled");
    assert.equal(done.steps[1].status, "timed_out");
    assert.equal(
      done.steps.some((s: any) => s.stepId === "publish"),
      onTimeout === "approve",
    );
  });
}

test("cancel closes the pending approval; a second cancel is 409", async () => {
  const proc = await p.createProcess(admin, yamlOf(""));
  const run = await p.startRun(alice, proc.id, { week: "W28" });
  const approval = await p.pendingApproval(alice, run.id, "review");
  const cancel = () =>
    call(cancelRoute, "POST", `/api/process-runs/${run.id}/cancel`, { token: alice.token, params: { id: run.id } });
  assert.equal((await call(cancelRoute, "POST", "/x", { token: bob.token, params: { id: run.id } })).status, 403);
  const res = await cancel();
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.run.status, "cancelled");
  assert.equal((await cancel()).status, 409);
  assert.equal((await db.approval.findUniqueOrThrow({ where: { id: approval.id } })).status, "cancelled");
  assert.equal((await p.decide(bob, approval.id, "approve")).status, 409);
});

test("a failing agent step fails the run with the step's error", async () => {
  const proc = await p.createProcess(
    admin,
    `name: fails-${n++}
steps:
  - id: first
    type: agent_task
    agent: broken
    message: go
  - id: second
    type: agent_task
    agent: writer
    message: never
`,
  );
  const run = await p.startRun(alice, proc.id);
  const done = await p.waitForRun(alice, run.id, "failed");
  assert.deepEqual(
    done.steps.map((s: any) => [s.stepId, s.status]),
    [["first", "failed"]],
  );
  assert.match(done.error, /step "first" failed/);
});
