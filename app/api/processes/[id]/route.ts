// GET / PUT / DELETE /api/processes/{id} — read a process; replace its YAML or delete it (creator or admin)

import { IdParams } from "@/lib/agents/params";
import { route } from "@/lib/api/handler";
import { deleteProcess, getProcess, updateProcess } from "@/lib/processes";
import { ProcessYamlInput } from "@/lib/processes/schemas";

export const GET = route({ access: "user", params: IdParams }, async ({ params }) => ({
  process: await getProcess(params.id),
}));

export const PUT = route(
  { access: "user", params: IdParams, body: ProcessYamlInput },
  async ({ params, body, who }) => ({
    process: await updateProcess(params.id, body.yaml, who),
  }),
);

export const DELETE = route({ access: "user", params: IdParams }, async ({ params, who }) => {
  await deleteProcess(params.id, who);
  return new Response(null, { status: 204 });
});
