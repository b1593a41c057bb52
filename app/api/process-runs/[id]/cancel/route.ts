// POST /api/process-runs/{id}/cancel — cancel a running or paused run (starter, process creator or admin; 409 when finished)

import { IdParams } from "@/lib/agents/params";
import { route } from "@/lib/api/handler";
import { cancelRun } from "@/lib/processes";

export const POST = route({ access: "user", params: IdParams }, async ({ params, who }) => ({
  run: await cancelRun(params.id, who),
}));
