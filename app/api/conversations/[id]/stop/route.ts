// POST /api/conversations/{id}/stop — stop the reply being written (its owner or an admin); answers the stopped turn

import { IdParams } from "@/lib/agents/params";
import { route } from "@/lib/api/handler";
import { stopReply } from "@/lib/executions";

export const POST = route({ access: "user", params: IdParams }, async ({ params, who }) => ({
  execution: await stopReply(params.id, who),
}));
