// POST /api/agents/{name}/playbooks/{skill}/run — run a playbook as `/skill arguments` (signed in); 202 at once
import { json, route } from "@/lib/api/handler";
import { runPlaybook } from "@/lib/skills";
import { AgentSkillParams } from "@/lib/skills/params";
import { PlaybookRunInput } from "@/lib/skills/schemas";

export const POST = route(
  { access: "user", params: AgentSkillParams, body: PlaybookRunInput },
  async ({ params, body, who }) => {
    const execution = await runPlaybook(params.name, params.skill, body.arguments, who);
    return json({ execution_id: execution.id, execution }, 202);
  },
);
