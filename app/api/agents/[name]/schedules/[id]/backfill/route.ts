// POST /api/agents/{name}/schedules/{id}/backfill — preview, or with confirm run, the slots of a past range (owner or admin)
import { route } from "@/lib/api/handler";
import { backfillSchedule } from "@/lib/schedules";
import { ScheduleParams } from "@/lib/schedules/params";
import { ScheduleBackfillInput } from "@/lib/schedules/schemas";

export const POST = route(
  { access: "user", params: ScheduleParams, body: ScheduleBackfillInput },
  async ({ params, body, who }) => ({
    backfill: await backfillSchedule(params.name, params.id, body, who),
  }),
);
