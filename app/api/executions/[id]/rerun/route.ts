// POST /api/executions/{id}/rerun — run it again: same message, model and agent, started by the caller (202)

import { IdParams } from "@/lib/agents/params";
import { json, route } from "@/lib/api/handler";
import { rerunExecution, toExecutionDto } from "@/lib/executions";

export const POST = route({ access: "user", params: IdParams }, async ({ params, who }) => {
  const execution = await rerunExecution(params.id, who);
  return json({ id: execution.id, execution: toExecutionDto(execution) }, 202);
});
