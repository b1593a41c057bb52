// POST /api/executions/{id}/cancel — cancel a queued or running execution (409 once it has finished)

import { IdParams } from "@/lib/agents/params";
import { route } from "@/lib/api/handler";
import { cancelExecution } from "@/lib/executions";

export const POST = route({ access: "user", params: IdParams }, async ({ params, who }) => ({
  execution: await cancelExecution(params.id, who),
}));
