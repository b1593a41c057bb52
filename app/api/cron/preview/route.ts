// GET /api/cron/preview — the reading, next runs from any instant and daylight-saving notes of any cron expression
import { route } from "@/lib/api/handler";
import { CronPreviewQuery, previewCron } from "@/lib/schedules/preview";

export const GET = route({ access: "user", query: CronPreviewQuery }, async ({ query }) => previewCron(query));
