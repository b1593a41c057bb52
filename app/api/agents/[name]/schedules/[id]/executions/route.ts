// GET /api/agents/{name}/schedules/{id}/executions — the schedule's runs, newest first, filtered by status, by cursor
import { route } from "@/lib/api/handler";
import { listScheduleExecutions } from "@/lib/schedules";
import { ScheduleParams } from "@/lib/schedules/params";
import { ScheduleExecutionsQuery } from "@/lib/schedules/schemas";

export const GET = route(
  { access: "user", params: ScheduleParams, query: ScheduleExecutionsQuery },
  async ({ params, query, who }) => listScheduleExecutions(params.name, params.id, query, who),
);
