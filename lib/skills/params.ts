// Path parameters of the skill routes. A skill name reaches file paths, so a non-slug is a 400 naming the field.
import { z } from "zod";
import { AgentParams } from "@/lib/agents/params";
import { SkillName } from "./schemas";

export const SkillParams = z.object({ name: SkillName });
export const AgentSkillParams = AgentParams.extend({ skill: SkillName });
