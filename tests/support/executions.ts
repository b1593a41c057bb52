// Polls an execution through the HTTP API until it reaches one of the given statuses (default: any finished one).
import assert from "node:assert/strict";
import { call } from "./http";

export async function waitForExecution(token: string, id: string, statuses?: string[], timeoutMs = 15_000) {
  // Imported on first use: the route reaches lib/db, which must load after setupTestEnv().
  const route = await import("@/app/api/executions/[id]/route");
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await call(route, "GET", `/api/executions/${id}`, { token, params: { id } });
    const execution = res.body.execution;
    if (statuses ? statuses.includes(execution.status) : execution.finishedAt) return execution;
    if (Date.now() > deadline) assert.fail(`execution ${id} still ${execution.status}`);
    await new Promise((r) => setTimeout(r, 40));
  }
}
