// GET /api/settings — Anthropic settings without the key (admin)  PUT /api/settings — set or clear them (admin)
import { route } from "../../../lib/api/handler";
import {
  AnthropicSettingsPatchSchema,
  getAnthropicSettingsView,
  updateAnthropicSettings,
} from "../../../lib/settings/anthropic";

export const GET = route({ access: "admin" }, async () => ({ anthropic: await getAnthropicSettingsView() }));

export const PUT = route({ access: "admin", body: AnthropicSettingsPatchSchema }, async ({ body }) => ({
  anthropic: await updateAnthropicSettings(body),
}));
