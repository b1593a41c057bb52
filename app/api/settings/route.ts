// GET /api/settings — Anthropic settings without the key, the schedules' minimum interval and the audit log's retention (admin)
// PUT /api/settings — change any of them, in one transaction with its audit entry; absent fields stay as they are (admin)
import { route } from "@/lib/api/handler";
import { auditActor, getAuditSettings } from "@/lib/audit";
import { getScheduleSettings } from "@/lib/settings";
import { getAnthropicSettingsView } from "@/lib/settings/anthropic";
import { SettingsPatch } from "@/lib/settings/schemas";
import { updateSettings } from "@/lib/settings/update";

const current = async () => ({
  anthropic: await getAnthropicSettingsView(),
  schedules: await getScheduleSettings(),
  audit: await getAuditSettings(),
});

export const GET = route({ access: "admin" }, current);

export const PUT = route({ access: "admin", body: SettingsPatch }, async ({ body, who }) => {
  await updateSettings(body, auditActor(who));
  return current();
});
