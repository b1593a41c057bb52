// POST /api/agents/{name}/schedules/{id}/enable — switch a schedule on (owner or admin)
import { route } from "@/lib/api/handler";
import { setScheduleEnabled } from "@/lib/schedules";
import { ScheduleParams } from "@/lib/schedules/params";

export const POST = route({ access: "user", params: ScheduleParams }, async ({ params, who }) => ({
  schedule: await setScheduleEnabled(params.name, params.id, true, who),
}));
