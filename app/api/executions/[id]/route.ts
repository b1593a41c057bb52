// GET /api/executions/{id} — one execution with its result (someone else's chat turn is 404; admins see every one)

import { IdParams } from "@/lib/agents/params";
import { route } from "@/lib/api/handler";
import { getExecution } from "@/lib/executions";

export const GET = route({ access: "user", params: IdParams }, async ({ params, who }) => ({
  execution: await getExecution(params.id, who),
}));
