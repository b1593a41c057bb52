// Processes and approvals through their HTTP routes, for tests and the benchmark: create agents and processes, start
// runs, wait for a run to reach a status, decide approvals, and listen on a user's browser socket.
// Import after setupTestEnv()/startStack(): the routes reach lib/db.
import assert from "node:assert/strict";
import { io, type Socket } from "socket.io-client";
import { call } from "./http";
import type { TestUser } from "./users";

const agentsRoute = await import("@/app/api/agents/route");
const processesRoute = await import("@/app/api/processes/route");
const runsRoute = await import("@/app/api/processes/[id]/runs/route");
const runRoute = await import("@/app/api/process-runs/[id]/route");
const decideRoute = await import("@/app/api/approvals/[id]/decide/route");
const tokenRoute = await import("@/app/api/realtime/token/route");

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function createCommandAgent(
  admin: TestUser,
  name: string,
  command: string,
  extra: Record<string, unknown> = {},
) {
  const res = await call(agentsRoute, "POST", "/api/agents", {
    token: admin.token,
    body: { name, runtime: "command", command, concurrencyLimit: 4, ...extra },
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.agent as { id: string; name: string };
}

export async function createProcess(user: TestUser, yaml: string) {
  const res = await call(processesRoute, "POST", "/api/processes", { token: user.token, body: { yaml } });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.process as { id: string; name: string };
}

export async function startRun(user: TestUser, processId: string, input: Record<string, unknown> = {}) {
  const res = await call(runsRoute, "POST", `/api/processes/${processId}/runs`, {
    token: user.token,
    params: { id: processId },
    body: { input },
  });
  assert.equal(res.status, 202, JSON.stringify(res.body));
  return res.body.run as { id: string; status: string };
}

export async function getRun(user: TestUser, id: string) {
  const res = await call(runRoute, "GET", `/api/process-runs/${id}`, { token: user.token, params: { id } });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.run;
}

/** Polls the run until `until` holds (default: it reached `status`). */
export async function waitForRun(
  user: TestUser,
  id: string,
  status: string,
  timeoutMs = 20_000,
  until?: (run: any) => boolean,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await getRun(user, id);
    if (until ? until(run) : run.status === status) return run;
    if (Date.now() > deadline)
      assert.fail(
        `run ${id} is ${run.status}, wanted ${status}: ${JSON.stringify(run.steps.map((s: any) => [s.stepId, s.iteration, s.status, s.error]))}`,
      );
    await sleep(30);
  }
}

/** The pending approval of a paused run (waits for the run to pause at iteration `iteration` of the step). */
export async function pendingApproval(user: TestUser, runId: string, stepId: string, iteration = 1) {
  const run = await waitForRun(
    user,
    runId,
    "paused",
    20_000,
    (r) =>
      r.status === "paused" &&
      r.steps.some((s: any) => s.stepId === stepId && s.iteration === iteration && s.approval?.status === "pending"),
  );
  return run.steps.find((s: any) => s.stepId === stepId && s.iteration === iteration).approval;
}

export function decide(
  user: TestUser,
  approvalId: string,
  decision: "approve" | "reject" | "request_changes",
  comment?: string,
) {
  return call(decideRoute, "POST", `/api/approvals/${approvalId}/decide`, {
    token: user.token,
    params: { id: approvalId },
    body: { decision, ...(comment ? { comment } : {}) },
  });
}

/**
 * A browser-like Socket.IO connection of `user` to the worker (or to the worker at `workerUrl`: every worker takes the
 * same realtime tokens), with every event it receives and when.
 */
export async function connectSocket(user: TestUser, workerUrl?: string) {
  const res = await call(tokenRoute, "GET", "/api/realtime/token", { token: user.token });
  assert.equal(res.status, 200);
  const socket: Socket = io(workerUrl ?? res.body.url, {
    auth: { token: res.body.token },
    transports: ["websocket"],
    reconnection: false,
  });
  const received: { name: string; payload: any; at: number }[] = [];
  socket.onAny((name: string, payload: unknown) => received.push({ name, payload, at: Date.now() }));
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });
  return { socket, received, close: () => socket.disconnect() };
}
