// GET /api/agents/{name}/playbooks — the agent's assigned, valid, user-invocable skills (signed in)

import { AgentParams } from "@/lib/agents/params";
import { route } from "@/lib/api/handler";
import { listPlaybooks } from "@/lib/skills";

export const GET = route({ access: "user", params: AgentParams }, async ({ params }) => ({
  playbooks: await listPlaybooks(params.name),
}));
