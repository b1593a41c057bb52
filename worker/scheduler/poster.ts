// Hands claimed executions to the web process through the execute-task client, each with its row's idempotency key,
// so the web dispatches the worker's row instead of making another. When the web stays down the row waits in the
// database for the scheduler's unsent sweep.
import type { ClaimedExecution } from "@/lib/schedules/firing";
import {
  createExecuteTaskClient,
  type ExecuteTaskBody,
  type ExecuteTaskClientOptions,
  type PostOutcome,
} from "@/worker/execute-task-client";

export function executeTaskBody(row: ClaimedExecution): ExecuteTaskBody {
  return {
    agent_name: row.agent.name,
    message: row.message,
    ...(row.model ? { model: row.model } : {}),
    async_mode: true,
    triggered_by: row.attempt > 1 ? "retry" : "schedule",
    ...(row.timeoutSeconds ? { timeout_seconds: row.timeoutSeconds } : {}),
    idempotency_key: row.idempotencyKey ?? undefined,
  };
}

export function createPoster(opts: ExecuteTaskClientOptions) {
  const send = createExecuteTaskClient(opts);
  return (row: ClaimedExecution): Promise<PostOutcome> => send(executeTaskBody(row));
}
