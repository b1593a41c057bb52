// GET / PUT / DELETE /api/agents/{name}/schedules/{id} — read, edit partially and delete a schedule (changes: owner or admin)
import { route } from "@/lib/api/handler";
import { deleteSchedule, getSchedule, updateSchedule } from "@/lib/schedules";
import { ScheduleParams } from "@/lib/schedules/params";
import { ScheduleUpdateInput } from "@/lib/schedules/schemas";

export const GET = route({ access: "user", params: ScheduleParams }, async ({ params }) => ({
  schedule: await getSchedule(params.name, params.id),
}));

export const PUT = route(
  { access: "user", params: ScheduleParams, body: ScheduleUpdateInput },
  async ({ params, body, who }) => ({
    schedule: await updateSchedule(params.name, params.id, body, who),
  }),
);

export const DELETE = route({ access: "user", params: ScheduleParams }, async ({ params, who }) => {
  await deleteSchedule(params.name, params.id, who);
  return { ok: true };
});
