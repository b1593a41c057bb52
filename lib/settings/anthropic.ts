// The admin's view of the Anthropic settings: whether a key is set and where it comes from, never the key itself.
import { z } from "zod";
import { config } from "@/lib/config";
import { getSecretSetting, getSetting, maskSecret, SETTING_KEYS, setSecretSetting, setSetting } from "./index";

export interface AnthropicSettingsView {
  apiKeySet: boolean;
  apiKeyPreview: string | null;
  baseUrl: string | null;
  apiKeyFromEnv: boolean;
  baseUrlFromEnv: boolean;
}

// undefined leaves a value as it is; null or "" clears the stored value (the environment's, if any, applies again).
export const AnthropicSettingsPatchSchema = z.strictObject({
  anthropicApiKey: z
    .string()
    .trim()
    .max(500, "must be at most 500 characters")
    .regex(/^\S*$/, "must not contain spaces")
    .nullish(),
  anthropicBaseUrl: z
    .string()
    .trim()
    .max(2000)
    .refine((v) => v === "" || (/^https?:\/\/\S+$/i.test(v) && URL.canParse(v)), "must be an http(s) URL")
    .nullish(),
});
export type AnthropicSettingsPatch = z.infer<typeof AnthropicSettingsPatchSchema>;

export async function getAnthropicSettingsView(): Promise<AnthropicSettingsView> {
  const env = config().anthropic;
  const [storedKey, storedUrl] = await Promise.all([
    getSecretSetting(SETTING_KEYS.anthropicApiKey),
    getSetting(SETTING_KEYS.anthropicBaseUrl),
  ]);
  const apiKey = storedKey ?? env.apiKey ?? null;
  return {
    apiKeySet: !!apiKey,
    apiKeyPreview: maskSecret(apiKey),
    baseUrl: storedUrl ?? env.baseUrl ?? null,
    apiKeyFromEnv: !storedKey && !!env.apiKey,
    baseUrlFromEnv: !storedUrl && !!env.baseUrl,
  };
}

/** Kept for callers that change only these settings (PUT /api/settings uses ./update.ts). @public */
export async function updateAnthropicSettings(patch: AnthropicSettingsPatch): Promise<AnthropicSettingsView> {
  if (patch.anthropicApiKey !== undefined) await setSecretSetting(SETTING_KEYS.anthropicApiKey, patch.anthropicApiKey);
  if (patch.anthropicBaseUrl !== undefined) {
    await setSetting(SETTING_KEYS.anthropicBaseUrl, patch.anthropicBaseUrl?.replace(/\/+$/, "") ?? null);
  }
  return getAnthropicSettingsView();
}
