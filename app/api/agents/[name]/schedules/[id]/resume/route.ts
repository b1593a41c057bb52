// POST /api/agents/{name}/schedules/{id}/resume — resume a paused schedule (owner or admin)
import { route } from "@/lib/api/handler";
import { resumeSchedule } from "@/lib/schedules";
import { ScheduleParams } from "@/lib/schedules/params";

export const POST = route({ access: "user", params: ScheduleParams }, async ({ params, who }) => ({
  schedule: await resumeSchedule(params.name, params.id, who),
}));
