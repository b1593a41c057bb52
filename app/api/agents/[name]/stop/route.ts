// POST /api/agents/{name}/stop — stop an agent (owner or admin); running tasks finish, new ones are refused

import { stopAgent } from "@/lib/agents";
import { AgentParams } from "@/lib/agents/params";
import { route } from "@/lib/api/handler";

export const POST = route({ access: "user", params: AgentParams }, async ({ params, who }) => ({
  agent: await stopAgent(params.name, who),
}));
