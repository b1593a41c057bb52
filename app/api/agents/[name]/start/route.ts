// POST /api/agents/{name}/start — start an agent (owner or admin); queued tasks begin

import { startAgent } from "@/lib/agents";
import { AgentParams } from "@/lib/agents/params";
import { route } from "@/lib/api/handler";

export const POST = route({ access: "user", params: AgentParams }, async ({ params, who }) => ({
  agent: await startAgent(params.name, who),
}));
