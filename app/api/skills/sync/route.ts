// GET /api/skills/sync — settings (token only as set / not set) and recent syncs  PUT — change settings
// POST — start a sync in the background (202); all admin
import { json, route } from "@/lib/api/handler";
import { getSyncStatus, startSync, updateSyncSettings } from "@/lib/skills";
import { SkillSyncSettingsInput } from "@/lib/skills/schemas";

export const GET = route({ access: "admin" }, async () => getSyncStatus());

export const PUT = route({ access: "admin", body: SkillSyncSettingsInput }, async ({ body }) => updateSyncSettings(body));

export const POST = route({ access: "admin" }, async ({ who }) => json({ sync: await startSync(who) }, 202));
