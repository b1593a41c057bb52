// Approvals benchmark: `npm run bench:approvals`. Real parts: a migrated database (SQLite file, or PostgreSQL with
// CADRE_TEST_DATABASE=postgres), the web's routes in this process (as in `next start`), the real worker process
// (socket hub + process engine; BENCH_APPROVAL_WORKERS=2 adds a second one, both advancing runs), and an approver's
// browser socket on the first worker. Prints, over many runs:
// - reach → notify: from the run reaching its approval step (the approval row's createdAt, written by the engine in
//   the same transaction that pauses the run and appends approval_required) to the approver's socket receiving it;
// - decide → resume: from the decide call to the next step's StepRun starting (startedAt, written by the engine)
//   and to the browser receiving process_run_changed "running".
// Runs go one at a time (latency without contention), then as a burst started all at once.
import { testDatabaseKind } from "@/tests/support/database";
import { startStack } from "@/tests/support/stack";
import { type StartedWorker, startWorker } from "@/tests/support/worker";

const RUNS = Number(process.env.BENCH_APPROVAL_RUNS ?? 100);
const WORKERS = Number(process.env.BENCH_APPROVAL_WORKERS ?? 1);

function pct(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
const fmt = (v: number | null) => (v === null ? "n/a" : `${Math.round(v * 10) / 10} ms`);
const line = (label: string, values: number[]) =>
  console.log(
    `${label.padEnd(46)} p50 ${fmt(pct(values, 50)).padStart(9)}   p95 ${fmt(pct(values, 95)).padStart(9)}   max ${fmt(pct(values, 100)).padStart(9)}   (n=${values.length})`,
  );

const stack = await startStack("bench-approvals", { CADRE_SCHEDULER: "off" });
const others: StartedWorker[] = [];
for (let i = 1; i < WORKERS; i++)
  others.push(await startWorker({ CADRE_WEB_URL: stack.webUrl, CADRE_SCHEDULER: "off" }));
const { db, configureDatabase, useDatabase } = await import("@/lib/db");
useDatabase({ url: process.env.DATABASE_URL! });
await configureDatabase();
const { createTestUser } = await import("@/tests/support/users");
const p = await import("@/tests/support/processes");

const admin = await createTestUser("admin");
const starter = await createTestUser("user");
const approver = await createTestUser("user");
await p.createCommandAgent(admin, "bench-writer", "cat", { concurrencyLimit: 8 });
const proc = await p.createProcess(
  admin,
  `name: bench-approvals
steps:
  - id: review
    type: human_approval
    title: "Bench {{input.i}}"
    approvers: [${approver.email}]
  - id: after
    type: agent_task
    agent: bench-writer
    message: "approved {{input.i}}"
`,
);
const socket = await p.connectSocket(approver);

type Seen = { name: string; payload: any; at: number };
const waiters = new Map<string, (e: Seen) => void>();
const key = (name: string, id: string) => `${name}:${id}`;
socket.socket.onAny((name: string, payload: any) => {
  const at = Date.now();
  const id =
    name === "approval_required"
      ? payload.processRunId
      : name === "process_run_changed" && payload.status === "running"
        ? payload.processRunId
        : null;
  if (!id) return;
  const resolve = waiters.get(key(name, id));
  if (resolve) {
    waiters.delete(key(name, id));
    resolve({ name, payload, at });
  }
});

function eventFor(name: string, runId: string, ms = 20_000): Promise<Seen> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} for run ${runId} did not arrive`)), ms);
    waiters.set(key(name, runId), (e) => {
      clearTimeout(timer);
      resolve(e);
    });
  });
}

interface Sample {
  notify: number;
  resumeStep: number;
  resumeEvent: number;
}

/** One run: start it, wait for approval_required at the approver's socket, decide, wait for the next step. */
async function oneRun(i: number, startGate?: Promise<void>): Promise<Sample> {
  await startGate;
  const run = await p.startRun(starter, proc.id, { i });
  const required = await eventFor("approval_required", run.id);
  const approval = await db.approval.findUniqueOrThrow({ where: { id: required.payload.approvalId } });
  const resumed = eventFor("process_run_changed", run.id);
  const t0 = Date.now();
  const res = await p.decide(approver, approval.id, "approve");
  if (res.status !== 200) throw new Error(`decide answered ${res.status}: ${JSON.stringify(res.body)}`);
  const event = await resumed;
  // process_run_changed "running" is sent when the run resumes, just before the next step is claimed.
  let next = await db.stepRun.findFirst({ where: { runId: run.id, stepId: "after" } });
  while (!next) {
    await p.sleep(5);
    next = await db.stepRun.findFirst({ where: { runId: run.id, stepId: "after" } });
  }
  return {
    notify: required.at - approval.createdAt.getTime(),
    resumeStep: next.startedAt.getTime() - t0,
    resumeEvent: event.at - t0,
  };
}

function report(title: string, samples: Sample[]) {
  console.log(`\n${title}`);
  line(
    "  reach approval step → approval_required",
    samples.map((s) => s.notify),
  );
  line(
    "  decide call → next StepRun started",
    samples.map((s) => s.resumeStep),
  );
  line(
    "  decide call → process_run_changed running",
    samples.map((s) => s.resumeEvent),
  );
}

try {
  await oneRun(-1); // warm-up: route modules, prepared statements, socket paths
  const sequential: Sample[] = [];
  for (let i = 0; i < RUNS; i++) sequential.push(await oneRun(i));
  const setup = `${testDatabaseKind() === "postgres" ? "PostgreSQL" : "SQLite"}, ${WORKERS} worker${WORKERS === 1 ? "" : "s"}, approver socket`;
  report(`Approvals, ${RUNS} runs one after another (${setup}):`, sequential);

  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  const burst = Array.from({ length: RUNS }, (_, i) => oneRun(RUNS + i, gate));
  open();
  report(`Approvals, ${RUNS} runs started at once (${setup}):`, await Promise.all(burst));
  const completed = await db.processRun.count({ where: { status: { in: ["running", "completed"] } } });
  console.log(`\nruns completed or finishing: ${completed} of ${2 * RUNS + 1}`);
} finally {
  socket.close();
  for (const w of others) await w.stop("SIGTERM");
  await stack.stop();
}
process.exit(0);
