// GET /api/agents/{name}/skills — assigned skills, restart pending, what the last start wrote (signed in)
// PUT — replace the assigned set (owner or admin)

import { AgentParams } from "@/lib/agents/params";
import { route } from "@/lib/api/handler";
import { getAgentSkills, setAgentSkills } from "@/lib/skills";
import { AgentSkillsInput } from "@/lib/skills/schemas";

export const GET = route({ access: "user", params: AgentParams }, async ({ params }) => getAgentSkills(params.name));

export const PUT = route(
  { access: "user", params: AgentParams, body: AgentSkillsInput },
  async ({ params, body, who }) => setAgentSkills(params.name, body.skills, who),
);
