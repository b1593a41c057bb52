// POST /api/agents/{name}/restart — stop and start (owner or admin): assigned skills are written to the workspace again

import { restartAgent } from "@/lib/agents/agents";
import { AgentParams } from "@/lib/agents/params";
import { route } from "@/lib/api/handler";

export const POST = route({ access: "user", params: AgentParams }, async ({ params, who }) => ({
  agent: await restartAgent(params.name, who),
}));
