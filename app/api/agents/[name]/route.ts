// GET / PUT / DELETE /api/agents/{name} — read (command and workspace for owner and admins), edit (owner or admin) and
// delete an agent with its workspace

import { deleteAgent, getAgentDto, updateAgent } from "@/lib/agents";
import { AgentParams } from "@/lib/agents/params";
import { AgentUpdateInput } from "@/lib/agents/schemas";
import { route } from "@/lib/api/handler";

export const GET = route({ access: "user", params: AgentParams }, async ({ params, who }) => ({
  agent: await getAgentDto(params.name, who),
}));

export const PUT = route(
  { access: "user", params: AgentParams, body: AgentUpdateInput },
  async ({ params, body, who }) => ({
    agent: await updateAgent(params.name, body, who),
  }),
);

export const DELETE = route({ access: "user", params: AgentParams }, async ({ params, who }) => {
  await deleteAgent(params.name, who);
  return { ok: true };
});
