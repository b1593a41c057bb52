// POST /api/agents/{name}/skills/{skill} — assign (201, or 200 if it already was)  DELETE — unassign (204); owner or admin
import { json, route } from "@/lib/api/handler";
import { assignSkill, unassignSkill } from "@/lib/skills";
import { AgentSkillParams } from "@/lib/skills/params";

export const POST = route({ access: "user", params: AgentSkillParams }, async ({ params, who }) => {
  const { created, skills } = await assignSkill(params.name, params.skill, who);
  return json(skills, created ? 201 : 200);
});

export const DELETE = route({ access: "user", params: AgentSkillParams }, async ({ params, who }) => {
  await unassignSkill(params.name, params.skill, who);
  return new Response(null, { status: 204 });
});
