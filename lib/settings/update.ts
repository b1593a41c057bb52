// PUT /api/settings applied in one transaction with its audit entry (`settings.updated`): the fields that changed,
// before and after, the Anthropic key only as set/cleared (masked), never its value.
import { type AuditActor, auditWrite, setAuditRetention } from "@/lib/audit";
import { getAuditSettings } from "@/lib/audit/retention";
import { db } from "@/lib/db";
import { getScheduleSettings, getSetting, SETTING_KEYS, setSecretSetting, setSetting } from "./index";
import type { SettingsPatch } from "./schemas";

export async function updateSettings(patch: SettingsPatch, actor: AuditActor): Promise<void> {
  const { anthropicApiKey, anthropicBaseUrl, scheduleMinIntervalSeconds, auditRetentionDays } = patch;
  await db.$transaction(async (t) => {
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    const note = (name: string, from: unknown, to: unknown) => {
      if (JSON.stringify(from ?? null) === JSON.stringify(to ?? null)) return;
      before[name] = from ?? null;
      after[name] = to ?? null;
    };
    if (anthropicApiKey !== undefined) {
      const had = (await t.setting.count({ where: { key: SETTING_KEYS.anthropicApiKey } })) > 0;
      // A new key always counts as a change: its value is not compared, nor kept (the name masks it in the log).
      if (had || anthropicApiKey)
        [before.anthropicApiKey, after.anthropicApiKey] = [had ? "set" : null, anthropicApiKey || null];
      await setSecretSetting(SETTING_KEYS.anthropicApiKey, anthropicApiKey, t);
    }
    if (anthropicBaseUrl !== undefined) {
      const url = anthropicBaseUrl?.replace(/\/+$/, "") || null;
      note("anthropicBaseUrl", await getSetting(SETTING_KEYS.anthropicBaseUrl, t), url);
      await setSetting(SETTING_KEYS.anthropicBaseUrl, url, t);
    }
    if (scheduleMinIntervalSeconds !== undefined) {
      note("scheduleMinIntervalSeconds", (await getScheduleSettings(t)).minIntervalSeconds, scheduleMinIntervalSeconds);
      await setSetting(SETTING_KEYS.scheduleMinIntervalSeconds, String(scheduleMinIntervalSeconds), t);
    }
    if (auditRetentionDays !== undefined) {
      note("auditRetentionDays", (await getAuditSettings(t)).retentionDays, auditRetentionDays);
      await setAuditRetention(auditRetentionDays, t);
    }
    if (Object.keys(after).length > 0)
      await auditWrite(t, actor, {
        action: "settings.updated",
        targetType: "settings",
        targetId: "server",
        targetLabel: "Settings",
        before,
        after,
      });
  });
}
