// The channels an admin configures: the SMTP server email goes through and the Slack incoming webhook. The SMTP
// password and the Slack URL (which is itself the credential) are stored encrypted and never answered whole.
import { type AuditActor, auditWrite, changedFields } from "@/lib/audit";
import { db, type Tx } from "@/lib/db";
import { getSecretSetting, getSetting, maskSecret, setSecretSetting, setSetting } from "@/lib/settings";
import type { ChannelSettingsDto, ChannelSettingsPatch } from "./schemas";

const KEYS = {
  smtpHost: "notifications.smtpHost",
  smtpPort: "notifications.smtpPort",
  smtpSecure: "notifications.smtpSecure",
  smtpUser: "notifications.smtpUser",
  smtpPassword: "notifications.smtpPassword",
  smtpFrom: "notifications.smtpFrom",
  slackWebhookUrl: "notifications.slackWebhookUrl",
} as const;

export interface SmtpConfig {
  host: string;
  port: number;
  secure: boolean;
  user: string | null;
  password: string | null;
  from: string;
}

/** The SMTP server to send through, or null when none is configured (email deliveries then wait, and say why). */
export async function getSmtpConfig(tx: Tx = db): Promise<SmtpConfig | null> {
  const rows = await tx.setting.findMany({ where: { key: { startsWith: "notifications.smtp" } } });
  const v = Object.fromEntries(rows.map((r) => [r.key, r.value]));
  const host = v[KEYS.smtpHost];
  if (!host) return null;
  const secure = v[KEYS.smtpSecure] === "true";
  return {
    host,
    port: Number(v[KEYS.smtpPort]) || (secure ? 465 : 587),
    secure,
    user: v[KEYS.smtpUser] ?? null,
    password: await getSecretSetting(KEYS.smtpPassword, tx),
    from: v[KEYS.smtpFrom] || "cadre@localhost",
  };
}

export function getSlackWebhookUrl(tx: Tx = db): Promise<string | null> {
  return getSecretSetting(KEYS.slackWebhookUrl, tx);
}

export async function getChannelSettings(tx: Tx = db): Promise<ChannelSettingsDto> {
  const smtp = await getSmtpConfig(tx);
  const slack = await getSlackWebhookUrl(tx);
  const stored = async (key: string) => getSetting(key, tx);
  const secure = (await stored(KEYS.smtpSecure)) === "true";
  return {
    smtp: {
      host: smtp?.host ?? null,
      port: Number(await stored(KEYS.smtpPort)) || (secure ? 465 : 587),
      secure,
      user: await stored(KEYS.smtpUser),
      passwordSet: !!(await getSecretSetting(KEYS.smtpPassword, tx)),
      from: await stored(KEYS.smtpFrom),
      configured: smtp !== null,
    },
    slack: { webhookUrlSet: !!slack, webhookUrlPreview: slack ? maskSecret(slack) : null },
  };
}

/** The channel settings as the audit log compares them (secrets only as "set" and their masked preview). */
function audited(s: ChannelSettingsDto): Record<string, unknown> {
  const { configured: _c, ...smtp } = s.smtp;
  return {
    ...Object.fromEntries(Object.entries(smtp).map(([k, v]) => [`smtp.${k}`, v])),
    "slack.webhookUrlSet": s.slack.webhookUrlSet,
    "slack.webhookUrlPreview": s.slack.webhookUrlPreview,
  };
}

export async function updateChannelSettings(
  patch: ChannelSettingsPatch,
  actor: AuditActor,
): Promise<ChannelSettingsDto> {
  await db.$transaction(async (tx) => {
    const before = audited(await getChannelSettings(tx));
    if (patch.smtpHost !== undefined) await setSetting(KEYS.smtpHost, patch.smtpHost, tx);
    if (patch.smtpPort !== undefined) await setSetting(KEYS.smtpPort, patch.smtpPort?.toString() ?? null, tx);
    if (patch.smtpSecure !== undefined) await setSetting(KEYS.smtpSecure, String(patch.smtpSecure), tx);
    if (patch.smtpUser !== undefined) await setSetting(KEYS.smtpUser, patch.smtpUser, tx);
    if (patch.smtpPassword !== undefined) await setSecretSetting(KEYS.smtpPassword, patch.smtpPassword, tx);
    if (patch.smtpFrom !== undefined) await setSetting(KEYS.smtpFrom, patch.smtpFrom, tx);
    if (patch.slackWebhookUrl !== undefined) await setSecretSetting(KEYS.slackWebhookUrl, patch.slackWebhookUrl, tx);
    const change = changedFields(before, audited(await getChannelSettings(tx)));
    // A new password still changed when one was set before: the entry says so, masked ("••••"; null when removed).
    if (patch.smtpPassword !== undefined) change.after["smtp.password"] = patch.smtpPassword || null;
    // The Slack URL is a credential whose name does not say so: never more than its mask.
    if (patch.slackWebhookUrl !== undefined) change.after["slack.webhookUrl"] = patch.slackWebhookUrl ? "••••" : null;
    await auditWrite(tx, actor, {
      action: "settings.updated",
      targetType: "settings",
      targetId: "notifications",
      targetLabel: "Notification channels",
      ...change,
    });
  });
  return getChannelSettings();
}
