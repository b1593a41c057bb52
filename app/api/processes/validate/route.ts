// POST /api/processes/validate — check a YAML definition without saving it (the editor's live feedback)
import { route } from "@/lib/api/handler";
import { validateProcessYaml } from "@/lib/processes";
import { ProcessYamlInput } from "@/lib/processes/schemas";

export const POST = route({ access: "user", body: ProcessYamlInput }, async ({ body }) =>
  validateProcessYaml(body.yaml),
);
