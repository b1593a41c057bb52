// GET /api/skills — the library, by name (signed in)  POST /api/skills — create a skill (admin)
import { json, route } from "@/lib/api/handler";
import { createSkill, listSkills } from "@/lib/skills";
import { SkillInput } from "@/lib/skills/schemas";

export const GET = route({ access: "user" }, async () => ({ skills: await listSkills() }));

export const POST = route({ access: "admin", body: SkillInput }, async ({ body, who }) =>
  json({ skill: await createSkill(body, who) }, 201),
);
