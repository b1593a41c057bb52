// GET /api/agents — list agents (command and workspace only for owners and admins); POST /api/agents — create an agent (the caller becomes its owner)

import { createAgent, listAgents } from "@/lib/agents";
import { AgentCreateInput } from "@/lib/agents/schemas";
import { json, route } from "@/lib/api/handler";

export const GET = route({ access: "user" }, async ({ who }) => ({ agents: await listAgents(who) }));

export const POST = route({ access: "user", body: AgentCreateInput }, async ({ body, who }) => {
  const agent = await createAgent(body, who);
  return json({ agent }, 201);
});
