// Hands an agent step to the web process through the execute-task client with the step run's idempotency key, so a
// repeated post (retry, restart, a second worker) returns the same execution. When the web stays down the step waits
// in the database for the engine's sweep.
import { stepIdempotencyKey } from "@/lib/processes/step-key";
import {
  createExecuteTaskClient,
  type ExecuteTaskBody,
  type ExecuteTaskClientOptions,
} from "@/worker/execute-task-client";

export interface StepTask {
  stepRunId: string;
  agentName: string;
  message: string;
  model?: string;
  timeoutSeconds?: number;
}

export type StepPostOutcome =
  | { kind: "sent"; executionId: string }
  /** the web refused for good (4xx, e.g. the agent is stopped or gone): resending cannot help */
  | { kind: "refused"; status: number; error: string }
  | { kind: "unreachable"; error: string };

function bodyOf(task: StepTask): ExecuteTaskBody {
  return {
    agent_name: task.agentName,
    message: task.message,
    ...(task.model ? { model: task.model } : {}),
    async_mode: true,
    triggered_by: "process",
    ...(task.timeoutSeconds ? { timeout_seconds: task.timeoutSeconds } : {}),
    idempotency_key: stepIdempotencyKey(task.stepRunId),
  };
}

export function createStepPoster(opts: ExecuteTaskClientOptions) {
  const send = createExecuteTaskClient(opts);
  return async function post(task: StepTask): Promise<StepPostOutcome> {
    const outcome = await send(bodyOf(task));
    if (outcome.kind !== "sent") return outcome;
    return outcome.executionId
      ? { kind: "sent", executionId: outcome.executionId }
      : { kind: "unreachable", error: "answer without execution_id" };
  };
}
