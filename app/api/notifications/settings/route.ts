// GET /api/notifications/settings — the SMTP server and the Slack webhook, without their secrets (admin)
// PUT /api/notifications/settings — change them; absent fields stay as they are, null or "" clears (admin)
import { route } from "@/lib/api/handler";
import { auditActor } from "@/lib/audit";
import { ChannelSettingsPatch } from "@/lib/notifications/schemas";
import { getChannelSettings, updateChannelSettings } from "@/lib/notifications/settings";

export const GET = route({ access: "admin" }, async () => ({ settings: await getChannelSettings() }));

export const PUT = route({ access: "admin", body: ChannelSettingsPatch }, async ({ body, who }) => ({
  settings: await updateChannelSettings(body, auditActor(who)),
}));
