// GET / POST /api/processes/{id}/runs — the process's runs, newest first; start a run with an input object (202)

import { IdParams } from "@/lib/agents/params";
import { json, route } from "@/lib/api/handler";
import { listRuns, startRun } from "@/lib/processes";
import { RunStartInput } from "@/lib/processes/schemas";

export const GET = route({ access: "user", params: IdParams }, async ({ params, who }) => ({
  runs: await listRuns(params.id, who),
}));

export const POST = route({ access: "user", params: IdParams, body: RunStartInput }, async ({ params, body, who }) =>
  json({ run: await startRun(params.id, body.input, who) }, 202),
);
