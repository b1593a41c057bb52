// POST /api/agents/{name}/schedules/{id}/disable — switch a schedule off (owner or admin)
import { route } from "@/lib/api/handler";
import { setScheduleEnabled } from "@/lib/schedules";
import { ScheduleParams } from "@/lib/schedules/params";

export const POST = route({ access: "user", params: ScheduleParams }, async ({ params, who }) => ({
  schedule: await setScheduleEnabled(params.name, params.id, false, who),
}));
