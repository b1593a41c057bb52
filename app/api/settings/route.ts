// GET /api/settings — Anthropic settings without the key, and the schedules' minimum interval (admin)
// PUT /api/settings — change any of them; absent fields stay as they are (admin)
import { route } from "@/lib/api/handler";
import { getScheduleSettings, updateScheduleSettings } from "@/lib/settings";
import { getAnthropicSettingsView, updateAnthropicSettings } from "@/lib/settings/anthropic";
import { SettingsPatch } from "@/lib/settings/schemas";

export const GET = route({ access: "admin" }, async () => ({
  anthropic: await getAnthropicSettingsView(),
  schedules: await getScheduleSettings(),
}));

export const PUT = route({ access: "admin", body: SettingsPatch }, async ({ body }) => {
  const { scheduleMinIntervalSeconds, ...anthropic } = body;
  const schedules = await updateScheduleSettings({ scheduleMinIntervalSeconds });
  return { anthropic: await updateAnthropicSettings(anthropic), schedules };
});
