// GET / PUT / DELETE /api/skills/{name} — a skill with its files and agents (signed in); edit or delete it (admin)
import { route } from "@/lib/api/handler";
import { deleteSkill, getSkillDto, updateSkill } from "@/lib/skills";
import { SkillParams } from "@/lib/skills/params";
import { SkillUpdateInput } from "@/lib/skills/schemas";

export const GET = route({ access: "user", params: SkillParams }, async ({ params }) => ({
  skill: await getSkillDto(params.name),
}));

export const PUT = route(
  { access: "admin", params: SkillParams, body: SkillUpdateInput },
  async ({ params, body, who }) => ({
    skill: await updateSkill(params.name, body, who),
  }),
);

export const DELETE = route({ access: "admin", params: SkillParams }, async ({ params, who }) => {
  await deleteSkill(params.name, who);
  return new Response(null, { status: 204 });
});
