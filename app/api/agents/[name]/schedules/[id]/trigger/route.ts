// POST /api/agents/{name}/schedules/{id}/trigger — Run Now: queue the schedule's message at once (any signed-in user);
// 409 naming the run still going when the overlap policy is "skip" (the request is recorded as skipped, as a slot is)
import { json, route } from "@/lib/api/handler";
import { triggerSchedule } from "@/lib/schedules";
import { ScheduleParams } from "@/lib/schedules/params";

export const POST = route({ access: "user", params: ScheduleParams }, async ({ params, who }) =>
  json({ execution: await triggerSchedule(params.name, params.id, who) }, 202),
);
