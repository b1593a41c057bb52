// POST /api/agents/{name}/task — run a task: async answers 202 at once, sync answers 200 when it has finished

import { getAgentForTaskOrThrow } from "@/lib/agents";
import { AgentParams } from "@/lib/agents/params";
import { json, route } from "@/lib/api/handler";
import { submitTask, toExecutionDto } from "@/lib/executions";
import { TaskInput } from "@/lib/executions/schemas";

export const POST = route({ access: "user", params: AgentParams, body: TaskInput }, async ({ params, body, who }) => {
  const agent = await getAgentForTaskOrThrow(params.name);
  const { execution, finished } = await submitTask({
    agent,
    message: body.message,
    model: body.model,
    trigger: who.via === "token" ? "api" : "manual",
    createdById: who.userId,
    wait: !body.async,
  });
  return json({ execution: toExecutionDto(execution) }, finished ? 200 : 202);
});
