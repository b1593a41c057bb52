// GET /api/agents/{name}/executions — the agent's executions, newest first, filtered and paginated by cursor; chat
// turns only for their conversation's author (and admins)

import { getAgentOrThrow } from "@/lib/agents";
import { AgentParams } from "@/lib/agents/params";
import { route } from "@/lib/api/handler";
import { listExecutions } from "@/lib/executions";
import { ExecutionListQuery } from "@/lib/executions/schemas";

export const GET = route(
  { access: "user", params: AgentParams, query: ExecutionListQuery },
  async ({ params, query, who }) => {
    const agent = await getAgentOrThrow(params.name);
    return listExecutions(agent.id, query, who);
  },
);
