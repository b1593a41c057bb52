// Two worker processes run the process engine on one database. 20 runs go through an agent step, an approval and
// another agent step, and are all approved at once: every run completes exactly once — one execution per agent step,
// and from the rows, each transition once (the run's version, its process_run_changed events, one approval_required
// and one approval_decided). approval_required reaches the approver's socket on both workers, whichever of them
// paused the run.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { startStack } from "./support/stack";
import { startWorker } from "./support/worker";

const stack = await startStack("processes-scaleout");
const { db } = await import("@/lib/db");
const { createTestUser } = await import("./support/users");
const p = await import("./support/processes");

const workerA = stack.worker;
const workerB = await startWorker({ CADRE_WEB_URL: stack.webUrl });

const admin = await createTestUser("admin");
const starter = await createTestUser("user");
const approver = await createTestUser("user");
await p.createCommandAgent(admin, "writer", `printf 'OUT[%s]' "$(cat)"`, { concurrencyLimit: 10 });
const proc = await p.createProcess(
  admin,
  `name: two-workers
steps:
  - id: draft
    type: agent_task
    agent: writer
    message: "draft {{input.i}}"
  - id: review
    type: human_approval
    title: "Review {{input.i}}"
    approvers: [${approver.email}]
  - id: publish
    type: agent_task
    agent: writer
    message: "publish {{steps.draft.output}}"
`,
);

const sockets = { A: await p.connectSocket(approver, workerA.url), B: await p.connectSocket(approver, workerB.url) };
after(async () => {
  sockets.A.close();
  sockets.B.close();
  await workerB.stop("SIGTERM");
  await stack.stop();
});

const RUNS = 20;

type Socket = (typeof sockets)["A"];
const requiredFor = (socket: Socket, runId: string) =>
  socket.received.filter((e) => e.name === "approval_required" && e.payload.processRunId === runId);

/** Polls `check` (one cheap read) until it holds; the runs' own progress is what it waits for. */
async function waitUntil(check: () => Promise<boolean> | boolean, what: string, ms = 90_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    assert.ok(Date.now() < deadline, `timed out waiting until ${what}`);
    await p.sleep(100);
  }
}

/** The process_run_changed, approval_required and approval_decided rows of the outbox, by run. */
async function eventsByRun() {
  const rows = await db.event.findMany({
    where: { name: { in: ["process_run_changed", "approval_required", "approval_decided"] } },
    orderBy: { id: "asc" },
  });
  const byRun = new Map<string, { name: string; status: string }[]>();
  for (const row of rows) {
    const payload = JSON.parse(row.payload) as { processRunId: string; status: string };
    const list = byRun.get(payload.processRunId) ?? [];
    list.push({ name: row.name, status: payload.status });
    byRun.set(payload.processRunId, list);
  }
  return byRun;
}

test("20 runs on two engines: each approval reaches both workers' sockets, each run completes exactly once", async () => {
  const runs = await Promise.all(Array.from({ length: RUNS }, (_, i) => p.startRun(starter, proc.id, { i })));
  // Each run reaches its approval step on one of the engines; the approver hears of it on both workers.
  await waitUntil(
    () => runs.every((r) => requiredFor(sockets.A, r.id).length > 0 && requiredFor(sockets.B, r.id).length > 0),
    "every approval_required reached both sockets",
  );
  const approvals = await Promise.all(runs.map((r) => db.approval.findFirstOrThrow({ where: { runId: r.id } })));
  for (const [i, a] of approvals.entries()) {
    assert.equal(requiredFor(sockets.A, runs[i].id)[0].payload.approvalId, a.id);
    assert.equal(requiredFor(sockets.B, runs[i].id)[0].payload.approvalId, a.id);
  }
  // Which worker's engine paused each run: the one that logged the approval it created. The socket on the other
  // worker is the one that shows delivery across workers.
  const pausedBy = approvals.map((a) => {
    const byA = workerA.output().includes(`waiting for approval ${a.id}`);
    const byB = workerB.output().includes(`waiting for approval ${a.id}`);
    assert.ok(byA !== byB, `approval ${a.id} created by ${byA ? "both workers" : "neither worker"}`);
    return byA ? "A" : "B";
  });
  const byA = pausedBy.filter((w) => w === "A").length;
  console.log(
    `# approval steps reached by worker A: ${byA} (approval_required delivered by B), by worker B: ${RUNS - byA} (delivered by A)`,
  );

  const decisions = await Promise.all(approvals.map((a) => p.decide(approver, a.id, "approve")));
  assert.deepEqual(
    decisions.map((d) => d.status),
    decisions.map(() => 200),
    JSON.stringify(decisions.find((d) => d.status !== 200)?.body),
  );
  const ids = runs.map((r) => r.id);
  await waitUntil(
    async () => (await db.processRun.count({ where: { id: { in: ids }, status: "completed" } })) === RUNS,
    "every run completed",
  );
  // A second resume, step or completion would show within a sweep of either worker.
  await p.sleep(1_500);

  const events = await eventsByRun();
  for (const run of runs) {
    const row = await db.processRun.findUniqueOrThrow({
      where: { id: run.id },
      include: { steps: { orderBy: { startedAt: "asc" } } },
    });
    assert.equal(row.status, "completed");
    assert.deepEqual(
      row.steps.map((s) => [s.stepId, s.iteration, s.status]),
      [
        ["draft", 1, "completed"],
        ["review", 1, "completed"],
        ["publish", 1, "completed"],
      ],
    );
    for (const step of row.steps.filter((s) => s.type === "agent_task")) {
      const executions = await db.execution.findMany({ where: { idempotencyKey: `step:${step.id}` } });
      assert.equal(executions.length, 1, `step ${step.stepId} of run ${run.id} ran ${executions.length} times`);
      assert.equal(executions[0].id, step.executionId);
      assert.equal(executions[0].status, "succeeded");
    }
    // created, then 7 transitions: draft started and finished, paused, resumed, publish started and finished, completed
    assert.equal(row.version, 8, `run ${run.id} went through ${row.version - 1} transitions`);
    const announced = events.get(run.id) ?? [];
    const count = (name: string, status?: string) =>
      announced.filter((e) => e.name === name && (!status || e.status === status)).length;
    assert.equal(count("approval_required"), 1);
    assert.equal(count("approval_decided"), 1);
    // started, draft started / its execution / finished, paused, the decision, resumed, publish started / its execution / finished, completed
    assert.deepEqual(
      {
        running: count("process_run_changed", "running"),
        paused: count("process_run_changed", "paused"),
        completed: count("process_run_changed", "completed"),
      },
      { running: 8, paused: 2, completed: 1 },
      `run ${run.id}: ${JSON.stringify(announced)}`,
    );
  }
  assert.equal(await db.execution.count({ where: { trigger: "process" } }), 2 * RUNS);
  for (const r of runs) {
    assert.equal(requiredFor(sockets.A, r.id).length, 1);
    assert.equal(requiredFor(sockets.B, r.id).length, 1);
  }
});
