// GET /api/executions — every run the caller may see, across agents, newest first, filtered and paged by cursor

import { route } from "@/lib/api/handler";
import { listRuns } from "@/lib/executions";
import { RunListQuery } from "@/lib/executions/schemas";

export const GET = route({ access: "user", query: RunListQuery }, async ({ query, who }) => listRuns(query, who));
