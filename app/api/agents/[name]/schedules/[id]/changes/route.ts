// GET /api/agents/{name}/schedules/{id}/changes — who changed the schedule, how and when, newest first
import { route } from "@/lib/api/handler";
import { listScheduleChanges } from "@/lib/schedules";
import { ScheduleParams } from "@/lib/schedules/params";

export const GET = route({ access: "user", params: ScheduleParams }, async ({ params }) => ({
  changes: await listScheduleChanges(params.name, params.id),
}));
