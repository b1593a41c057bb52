// GET /api/executions/{id} — one execution with its result
import { route } from "@/lib/api/handler";
import { IdParams } from "@/lib/agents/params";
import { getExecution } from "@/lib/executions";

export const GET = route({ access: "user", params: IdParams }, async ({ params }) => ({
  execution: await getExecution(params.id),
}));
