// The worker killed (SIGKILL) while runs are paused or waiting on an execution, then started again: a decision
// resumes the run exactly once (made while the worker is down or after it is back), a deadline that passed while it
// was down is applied at start, and an execution that finished while it was down moves its run on. The agents run
// on a runner of their own (another worker process), which the kills leave alone.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { startStack } from "./support/stack";

const stack = await startStack("processes-restart", { CADRE_WORKER_PARTS: "scheduler,engine,sockets" });
const { db } = await import("@/lib/db");
const { createTestUser } = await import("./support/users");
const p = await import("./support/processes");
const { startRunner } = await import("./support/runner");
const runner = await startRunner();

after(async () => {
  await runner.stop();
  await stack.stop();
});

const admin = await createTestUser("admin");
const alice = await createTestUser("user");
await p.createCommandAgent(admin, "writer", `printf 'DRAFT[%s]' "$(cat)"`);
await p.createCommandAgent(admin, "slow", `sleep 2; printf 'SLOW[%s]' "$(cat)"`);

let n = 0;
async function pausedRun(review: string[] = []) {
  n += 1;
  const proc = await p.createProcess(
    admin,
    `name: restart-${n}
steps:
  - id: draft
    type: agent_task
    agent: writer
    message: "run ${n}"
  - id: review
    type: human_approval
    title: "Go?"
${review.map((l) => `    ${l}`).join("\n")}
  - id: publish
    type: agent_task
    agent: writer
    message: "publish {{steps.draft.output}}"
`,
  );
  const run = await p.startRun(alice, proc.id);
  const approval = await p.pendingApproval(alice, run.id, "review");
  return { run, approval };
}

async function assertResumedOnce(runId: string, reviewStatus = "completed") {
  const done = await p.waitForRun(alice, runId, "completed");
  assert.deepEqual(
    done.steps.map((s: any) => [s.stepId, s.iteration, s.status]),
    [
      ["draft", 1, "completed"],
      ["review", 1, reviewStatus],
      ["publish", 1, "completed"],
    ],
  );
  await p.sleep(1_500); // a second resume would show up as another step run or execution within a sweep
  assert.equal(await db.stepRun.count({ where: { runId } }), 3);
  const publish = await db.stepRun.findFirstOrThrow({ where: { runId, stepId: "publish" } });
  assert.equal(await db.execution.count({ where: { idempotencyKey: `step:${publish.id}` } }), 1);
  assert.match(publish.output ?? "", /^DRAFT\[publish DRAFT\[run \d+\]\]$/);
}

test("killed while paused, decided after the restart: the run resumes exactly once", async () => {
  const { run, approval } = await pausedRun();
  await stack.killWorker("SIGKILL");
  await stack.startWorkerAgain();
  assert.equal((await p.decide(admin, approval.id, "approve")).status, 200);
  await assertResumedOnce(run.id);
});

test("decided while the worker is down: it resumes the run once when it is back", async () => {
  const { run, approval } = await pausedRun();
  await stack.killWorker("SIGKILL");
  assert.equal((await p.decide(admin, approval.id, "approve")).status, 200);
  await p.sleep(500);
  assert.equal((await db.processRun.findUniqueOrThrow({ where: { id: run.id } })).status, "paused");
  await stack.startWorkerAgain();
  await assertResumedOnce(run.id);
});

test("a deadline that passed while the worker was down is applied at start", async () => {
  const { run, approval } = await pausedRun(["timeout: 2s", "on_timeout: approve"]);
  await stack.killWorker("SIGKILL");
  await p.sleep(Math.max(0, Date.parse(approval.deadlineAt) - Date.now()) + 1_000);
  assert.equal((await db.approval.findUniqueOrThrow({ where: { id: approval.id } })).status, "pending");
  await stack.startWorkerAgain();
  const back = Date.now();
  const row = await (async () => {
    for (;;) {
      const a = await db.approval.findUniqueOrThrow({ where: { id: approval.id } });
      if (a.status !== "pending") return a;
      assert.ok(Date.now() - back < 5_000, "the passed deadline was not applied at start");
      await p.sleep(20);
    }
  })();
  assert.equal(row.status, "timed_out");
  console.log(
    `# deadline applied ${row.decidedAt!.getTime() - back} ms from the worker's ready line (negative: applied while it started)`,
  );
  await assertResumedOnce(run.id, "timed_out");
});

test("an agent step whose execution finished while the worker was down moves on after the restart", async () => {
  n += 1;
  const proc = await p.createProcess(
    admin,
    `name: restart-${n}
steps:
  - id: slow
    type: agent_task
    agent: slow
    message: "x"
  - id: after
    type: agent_task
    agent: writer
    message: "{{steps.slow.output}}"
`,
  );
  const run = await p.startRun(alice, proc.id);
  await p.waitForRun(alice, run.id, "running", 10_000, (r) => r.steps[0]?.executionId);
  await stack.killWorker("SIGKILL");
  const step = await db.stepRun.findFirstOrThrow({ where: { runId: run.id, stepId: "slow" } });
  for (;;) {
    const e = await db.execution.findUniqueOrThrow({ where: { id: step.executionId! } });
    if (e.finishedAt) break;
    await p.sleep(100);
  }
  await stack.startWorkerAgain();
  const done = await p.waitForRun(alice, run.id, "completed");
  assert.equal(done.steps[1].output, "DRAFT[SLOW[x]]");
});
