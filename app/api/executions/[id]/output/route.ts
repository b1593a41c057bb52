// GET /api/executions/{id}/output?after=<seq> — the run's stored transcript after `after`, in order (visible as the
// execution itself: someone else's chat turn is 404)

import { IdParams } from "@/lib/agents/params";
import { route } from "@/lib/api/handler";
import { listExecutionOutput } from "@/lib/executions/output";
import { OutputQuery } from "@/lib/executions/output-entry";

export const GET = route({ access: "user", params: IdParams, query: OutputQuery }, async ({ params, query, who }) =>
  listExecutionOutput(params.id, who, query.after),
);
