// POST /api/agents/{name}/schedules/{id}/pause — pause a schedule with a note and an optional resume time (owner or admin)
import { route } from "@/lib/api/handler";
import { pauseSchedule } from "@/lib/schedules";
import { ScheduleParams } from "@/lib/schedules/params";
import { SchedulePauseInput } from "@/lib/schedules/schemas";

export const POST = route(
  { access: "user", params: ScheduleParams, body: SchedulePauseInput },
  async ({ params, body, who }) => ({
    schedule: await pauseSchedule(params.name, params.id, body, who),
  }),
);
