// GET /api/process-runs/{id} — a run with its step runs, outputs and approvals

import { IdParams } from "@/lib/agents/params";
import { route } from "@/lib/api/handler";
import { getRun } from "@/lib/processes";

export const GET = route({ access: "user", params: IdParams }, async ({ params, who }) => ({
  run: await getRun(params.id, who),
}));
