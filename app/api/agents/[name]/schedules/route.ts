// GET / POST /api/agents/{name}/schedules — list the agent's schedules with their next runs; create one (owner or admin)

import { AgentParams } from "@/lib/agents/params";
import { json, route } from "@/lib/api/handler";
import { createSchedule, listSchedules } from "@/lib/schedules";
import { ScheduleCreateInput } from "@/lib/schedules/schemas";

export const GET = route({ access: "user", params: AgentParams }, async ({ params }) => ({
  schedules: await listSchedules(params.name),
}));

export const POST = route(
  { access: "user", params: AgentParams, body: ScheduleCreateInput },
  async ({ params, body, who }) => json({ schedule: await createSchedule(params.name, body, who) }, 201),
);
