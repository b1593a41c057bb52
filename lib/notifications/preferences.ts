// What each person wants to hear about. Without a row: email and Slack on, every event.
import { db, type Tx } from "@/lib/db";
import { NOTIFICATION_EVENTS, type NotificationEvent } from "./events";
import type { PreferencesDto, PreferencesPatch } from "./schemas";

const DEFAULTS: PreferencesDto = { email: true, slack: true, events: [...NOTIFICATION_EVENTS] };

function toDto(row: { email: boolean; slack: boolean; events: string } | null): PreferencesDto {
  if (!row) return { ...DEFAULTS, events: [...DEFAULTS.events] };
  let events: string[] = [];
  try {
    events = (JSON.parse(row.events) as string[]).filter((e) => (NOTIFICATION_EVENTS as readonly string[]).includes(e));
  } catch {}
  return { email: row.email, slack: row.slack, events };
}

export async function getPreferences(userId: string, tx: Tx = db): Promise<PreferencesDto> {
  return toDto(await tx.notificationPreference.findUnique({ where: { userId } }));
}

export async function updatePreferences(userId: string, patch: PreferencesPatch): Promise<PreferencesDto> {
  const current = await getPreferences(userId);
  const next = { ...current, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
  const data = { email: next.email, slack: next.slack, events: JSON.stringify([...new Set(next.events)]) };
  await db.notificationPreference.upsert({ where: { userId }, create: { userId, ...data }, update: data });
  return getPreferences(userId);
}

/** The choices of each of `userIds` (the defaults for those without a row), in one read. */
export async function preferencesFor(userIds: string[]): Promise<Map<string, PreferencesDto>> {
  const rows =
    userIds.length > 0 ? await db.notificationPreference.findMany({ where: { userId: { in: userIds } } }) : [];
  const byUser = new Map(rows.map((r) => [r.userId, toDto(r)]));
  return new Map(userIds.map((id) => [id, byUser.get(id) ?? toDto(null)]));
}

/** Whether a person with these choices wants `event` by email, and by Slack. */
export function wants(p: PreferencesDto, event: NotificationEvent): { email: boolean; slack: boolean } {
  const on = p.events.includes(event);
  return { email: on && p.email, slack: on && p.slack };
}
