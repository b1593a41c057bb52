// PUT /api/settings: the Anthropic fields and the schedules' minimum interval in one body; absent fields stay as they are.
import type { z } from "zod";
import { AuditSettingsPatch } from "@/lib/audit/schemas";
import { ScheduleSettingsPatch } from "@/lib/schedules/schemas";
import { AnthropicSettingsPatchSchema } from "./anthropic";

export const SettingsPatch = AnthropicSettingsPatchSchema.extend(ScheduleSettingsPatch).extend(AuditSettingsPatch);
export type SettingsPatch = z.infer<typeof SettingsPatch>;
