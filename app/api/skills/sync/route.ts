// GET /api/skills/sync — settings (token only as set / not set) and recent syncs  PUT — change settings
// POST — { "dryRun": true } previews the sync (writes nothing); { "confirm": fingerprint } applies that plan; all admin
import { route } from "@/lib/api/handler";
import { confirmSync, getSyncStatus, previewSync, updateSyncSettings } from "@/lib/skills";
import { SkillSyncRunInput, SkillSyncSettingsInput } from "@/lib/skills/schemas";

export const GET = route({ access: "admin" }, async () => getSyncStatus());

export const PUT = route({ access: "admin", body: SkillSyncSettingsInput }, async ({ body, who }) =>
  updateSyncSettings(body, who),
);

export const POST = route({ access: "admin", body: SkillSyncRunInput }, async ({ body, who }) =>
  body.confirm ? { sync: await confirmSync(body.confirm, who) } : { preview: await previewSync() },
);
