// POST /api/internal/execute-task — the worker runs a task (schedules, processes); guarded by the internal secret.
// One task: the body is the task, the answer its execution. Many (a burst of fired slots): `{ tasks: [...] }` (async
// only) answers 200 `{ results: [...] }` in the same order, each with the status code the task alone would have got.
import { z } from "zod";
import { getAgentForTaskOrThrow } from "@/lib/agents";
import { json, route } from "@/lib/api/handler";
import { MAX_INTERNAL_BODY_BYTES } from "@/lib/api/limits";
import { AppError, toErrorBody, validationError } from "@/lib/errors";
import { submitTask, toExecutionDto } from "@/lib/executions";
import { createExecutions, type NewExecution } from "@/lib/executions/executions";
import { InternalTaskInput } from "@/lib/executions/schemas";

const MAX_BATCH = 500;
const InternalTaskBatch = z.strictObject({ tasks: z.array(z.unknown()).min(1).max(MAX_BATCH) });

const isBatch = (body: unknown) =>
  typeof body === "object" && body !== null && "tasks" in body && !("agent_name" in body);

function parse<T>(schema: z.ZodType<T>, raw: unknown): T {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw validationError(parsed.error, schema);
  return parsed.data;
}

export const POST = route(
  { access: "internal", body: z.unknown(), maxBodyBytes: MAX_INTERNAL_BODY_BYTES },
  async ({ body }) => {
    if (isBatch(body)) return json({ results: await runBatch(parse(InternalTaskBatch, body).tasks) });
    const input = parse(InternalTaskInput, body);
    const agent = await getAgentForTaskOrThrow(input.agent_name);
    const { execution, finished, duplicate } = await submitTask({
      ...toNewExecution(input, agent),
      wait: !input.async_mode,
    });
    const dto = toExecutionDto(execution);
    const status = duplicate || finished ? 200 : 202;
    return json(
      { execution_id: dto.id, status: dto.status, execution: dto, ...(duplicate ? { duplicate: true } : {}) },
      status,
    );
  },
);

function toNewExecution(input: InternalTaskInput, agent: NewExecution["agent"]): NewExecution {
  return {
    agent,
    message: input.message,
    model: input.model,
    trigger: input.triggered_by,
    timeoutSeconds: input.timeout_seconds,
    idempotencyKey: input.idempotency_key,
  };
}

type BatchResult =
  | { http_status: number; execution_id: string; status: string; duplicate?: true }
  | ({ http_status: number } & ReturnType<typeof toErrorBody>["body"]);

const failed = (err: unknown): BatchResult => {
  const { status, body } = toErrorBody(err);
  return { http_status: status, ...body };
};

/** Each task is checked on its own; the valid ones are created (or found by their keys) together. */
async function runBatch(tasks: unknown[]): Promise<BatchResult[]> {
  const results: (BatchResult | null)[] = tasks.map(() => null);
  const accepted: { index: number; input: NewExecution }[] = [];
  const agents = new Map<string, Promise<NewExecution["agent"]>>();
  for (const [index, raw] of tasks.entries()) {
    try {
      const input = parse(InternalTaskInput, raw);
      if (!input.async_mode)
        throw new AppError("bad_request", "Tasks sent together run async only", [
          { field: "async_mode", message: "must be true" },
        ]);
      if (!agents.has(input.agent_name)) agents.set(input.agent_name, getAgentForTaskOrThrow(input.agent_name));
      accepted.push({ index, input: toNewExecution(input, await agents.get(input.agent_name)!) });
    } catch (err) {
      results[index] = failed(err);
    }
  }
  const created = await createExecutions(accepted.map((a) => a.input));
  created.forEach((c, i) => {
    results[accepted[i].index] = c.ok
      ? {
          http_status: c.duplicate ? 200 : 202,
          execution_id: c.execution.id,
          status: c.execution.status,
          ...(c.duplicate ? { duplicate: true as const } : {}),
        }
      : failed(c.error);
  });
  return results as BatchResult[];
}
