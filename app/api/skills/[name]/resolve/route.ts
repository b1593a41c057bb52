// POST /api/skills/{name}/resolve — end a sync conflict by keeping Cadre's version or taking the source's (admin)
import { route } from "@/lib/api/handler";
import { resolveSkillConflict } from "@/lib/skills";
import { SkillParams } from "@/lib/skills/params";
import { SkillResolveInput } from "@/lib/skills/schemas";

export const POST = route(
  { access: "admin", params: SkillParams, body: SkillResolveInput },
  async ({ params, body, who }) => ({
    skill: await resolveSkillConflict(params.name, body.keep, who),
  }),
);
