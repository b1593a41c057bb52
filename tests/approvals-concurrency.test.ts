// 50 simultaneous decide calls against the real worker: one person's 50 calls count once (the rest 409); 50 people
// with a quorum resume the run exactly once, with one step run and one execution for the next step.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { startStack } from "./support/stack";

const stack = await startStack("approvals-concurrency");
const { db } = await import("@/lib/db");
const { createTestUser } = await import("./support/users");
const p = await import("./support/processes");

after(() => stack.stop());

const admin = await createTestUser("admin");
const starter = await createTestUser("user");
await p.createCommandAgent(admin, "writer", `printf 'OUT[%s]' "$(cat)"`);

const CALLS = 50;
let n = 0;
async function pausedRun(review: string[]) {
  n += 1;
  const proc = await p.createProcess(
    admin,
    `name: burst-${n}
steps:
  - id: review
    type: human_approval
    title: "Burst ${n}"
${review.map((l) => `    ${l}`).join("\n")}
  - id: next
    type: agent_task
    agent: writer
    message: "after {{steps.review.output}}"
`,
  );
  const run = await p.startRun(starter, proc.id);
  return { run, approval: await p.pendingApproval(starter, run.id, "review") };
}

async function assertNextStepOnce(runId: string) {
  const done = await p.waitForRun(starter, runId, "completed");
  await p.sleep(1_500);
  const next = await db.stepRun.findMany({ where: { runId, stepId: "next" } });
  assert.equal(next.length, 1, "the next step ran more than once");
  assert.equal(await db.execution.count({ where: { idempotencyKey: `step:${next[0].id}` } }), 1);
  assert.equal(await db.stepRun.count({ where: { runId } }), 2);
  return done;
}

test("the same person deciding 50 times at once: exactly one counts, the others get 409", async () => {
  const { run, approval } = await pausedRun(["required_approvals: 2"]);
  const voter = await createTestUser("user");
  const results = await Promise.all(Array.from({ length: CALLS }, () => p.decide(voter, approval.id, "approve")));
  const statuses = results.map((r) => r.status);
  assert.equal(statuses.filter((s) => s === 200).length, 1, `statuses: ${statuses.join(",")}`);
  assert.equal(statuses.filter((s) => s === 409).length, CALLS - 1);
  assert.equal(await db.approvalDecision.count({ where: { approvalId: approval.id } }), 1);
  const row = await db.approval.findUniqueOrThrow({ where: { id: approval.id } });
  assert.equal(row.status, "pending", "one approval of a quorum of two settled it");
  assert.equal((await p.decide(admin, approval.id, "approve")).status, 200);
  await assertNextStepOnce(run.id);
});

test("50 people deciding at once with a quorum of 3: the run resumes exactly once", async () => {
  const { run, approval } = await pausedRun(["required_approvals: 3"]);
  const voters = await Promise.all(Array.from({ length: CALLS }, () => createTestUser("user")));
  const results = await Promise.all(voters.map((v) => p.decide(v, approval.id, "approve")));
  const ok = results.filter((r) => r.status === 200);
  assert.equal(ok.length, 3, `statuses: ${results.map((r) => r.status).join(",")}`);
  assert.ok(results.every((r) => r.status === 200 || r.status === 409));
  assert.ok(ok.every((r) => ["pending", "approved"].includes(r.body.approval.status)));
  assert.equal((await db.approval.findUniqueOrThrow({ where: { id: approval.id } })).status, "approved");
  assert.equal(await db.approvalDecision.count({ where: { approvalId: approval.id } }), 3);
  const done = await assertNextStepOnce(run.id);
  assert.equal(done.steps[0].approval.approveCount, 3);
});

test("approve and reject racing: the first to settle wins, the run goes one way only", async () => {
  const { run, approval } = await pausedRun([]);
  const voters = await Promise.all(Array.from({ length: 10 }, () => createTestUser("user")));
  const results = await Promise.all(voters.map((v, i) => p.decide(v, approval.id, i % 2 ? "approve" : "reject")));
  assert.equal(results.filter((r) => r.status === 200).length, 1);
  assert.ok(
    results.every((r) => r.status === 200 || r.status === 409),
    `statuses: ${results.map((r) => r.status).join(",")}`,
  );
  const row = await db.approval.findUniqueOrThrow({ where: { id: approval.id } });
  const final = await p.waitForRun(starter, run.id, row.status === "approved" ? "completed" : "cancelled");
  await p.sleep(1_200);
  assert.equal((await p.getRun(starter, run.id)).status, final.status);
});
