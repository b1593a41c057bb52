// GET /api/schedules — every schedule the caller may see, across agents, with its upcoming runs and collisions
import { route } from "@/lib/api/handler";
import { getScheduleOverview } from "@/lib/schedules/overview";
import { ScheduleOverviewQuery } from "@/lib/schedules/overview-schemas";

export const GET = route({ access: "user", query: ScheduleOverviewQuery }, async ({ query, who }) =>
  getScheduleOverview(query, who),
);
