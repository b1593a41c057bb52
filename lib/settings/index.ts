// Server settings kept in the database and edited by admins. Secrets are stored encrypted (./secrets) and never
// returned whole.

import { config } from "@/lib/config";
import { db, type Tx } from "@/lib/db";
import { MIN_INTERVAL, type ScheduleSettingsDto } from "@/lib/schedules/schemas";
import { getSecretSetting } from "./secrets";

export { encryptPlainSecrets, getSecretSetting, SECRET_SETTING_KEYS, setSecretSetting } from "./secrets";

export const SETTING_KEYS = {
  anthropicApiKey: "anthropic.apiKey",
  anthropicBaseUrl: "anthropic.baseUrl",
  scheduleMinIntervalSeconds: "schedules.minIntervalSeconds",
} as const;

export async function getSetting(key: string, tx: Tx = db): Promise<string | null> {
  const row = await tx.setting.findUnique({ where: { key } });
  return row?.value ?? null;
}

export async function setSetting(key: string, value: string | null, tx: Tx = db): Promise<void> {
  if (value === null || value === "") {
    await tx.setting.deleteMany({ where: { key } });
    return;
  }
  await tx.setting.upsert({ where: { key }, create: { key, value }, update: { value } });
}

export interface AnthropicConfig {
  apiKey?: string;
  baseUrl?: string;
}

/** The key and base URL the Claude Code runtime uses: the admin's settings, else ANTHROPIC_* from the environment. */
export async function getAnthropicConfig(tx: Tx = db): Promise<AnthropicConfig> {
  const env = config().anthropic;
  const [apiKey, baseUrl] = await Promise.all([
    getSecretSetting(SETTING_KEYS.anthropicApiKey, tx),
    getSetting(SETTING_KEYS.anthropicBaseUrl, tx),
  ]);
  return { apiKey: apiKey ?? env.apiKey, baseUrl: baseUrl ?? env.baseUrl };
}

/** "sk-ant-…wxyz": enough to recognise a key, never enough to use it. */
export function maskSecret(value: string | null | undefined): string | null {
  if (!value) return null;
  if (value.length <= 8) return "••••";
  return `${value.slice(0, 6)}…${value.slice(-4)}`;
}

/** The least time between two runs of a schedule a non-admin makes (Settings; 60 s until an admin sets it). */
export async function getScheduleSettings(tx: Tx = db): Promise<ScheduleSettingsDto> {
  const stored = Number(await getSetting(SETTING_KEYS.scheduleMinIntervalSeconds, tx));
  const valid = Number.isInteger(stored) && stored >= MIN_INTERVAL.minSeconds && stored <= MIN_INTERVAL.maxSeconds;
  return { minIntervalSeconds: valid ? stored : MIN_INTERVAL.defaultSeconds };
}

/** Kept for callers that change only this setting (PUT /api/settings uses ./update.ts). @public */
export async function updateScheduleSettings(
  patch: { scheduleMinIntervalSeconds?: number },
  tx: Tx = db,
): Promise<ScheduleSettingsDto> {
  if (patch.scheduleMinIntervalSeconds !== undefined) {
    await setSetting(SETTING_KEYS.scheduleMinIntervalSeconds, String(patch.scheduleMinIntervalSeconds), tx);
  }
  return getScheduleSettings(tx);
}
