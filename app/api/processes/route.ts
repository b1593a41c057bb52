// GET / POST /api/processes — list process definitions; create one from YAML (400 lists errors with line and column)
import { json, route } from "@/lib/api/handler";
import { createProcess, listProcesses } from "@/lib/processes";
import { ProcessYamlInput } from "@/lib/processes/schemas";

export const GET = route({ access: "user" }, async () => ({ processes: await listProcesses() }));

export const POST = route({ access: "user", body: ProcessYamlInput }, async ({ body, who }) =>
  json({ process: await createProcess(body.yaml, who) }, 201),
);
