// GET /api/me/notifications — what I want to be notified of, and how
// PUT /api/me/notifications — change it; absent fields stay as they are
import { route } from "@/lib/api/handler";
import { getPreferences, updatePreferences } from "@/lib/notifications/preferences";
import { PreferencesPatch } from "@/lib/notifications/schemas";

export const GET = route({ access: "user" }, async ({ who }) => ({ preferences: await getPreferences(who.userId) }));

export const PUT = route({ access: "user", body: PreferencesPatch }, async ({ who, body }) => ({
  preferences: await updatePreferences(who.userId, body),
}));
