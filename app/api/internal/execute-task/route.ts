// POST /api/internal/execute-task — the worker runs a task (schedules, processes); guarded by the internal secret
import { json, route } from "@/lib/api/handler";
import { getAgentOrThrow } from "@/lib/agents";
import { submitTask, toExecutionDto } from "@/lib/executions";
import { InternalTaskInput } from "@/lib/executions/schemas";

export const POST = route({ access: "internal", body: InternalTaskInput }, async ({ body }) => {
  const agent = await getAgentOrThrow(body.agent_name);
  const { execution, finished, duplicate } = await submitTask({
    agent,
    message: body.message,
    model: body.model,
    trigger: body.triggered_by,
    timeoutSeconds: body.timeout_seconds,
    idempotencyKey: body.idempotency_key,
    wait: !body.async_mode,
  });
  const dto = toExecutionDto(execution);
  const status = duplicate || finished ? 200 : 202;
  return json({ execution_id: dto.id, status: dto.status, execution: dto, ...(duplicate ? { duplicate: true } : {}) }, status);
});
