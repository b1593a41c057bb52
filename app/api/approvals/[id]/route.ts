// GET /api/approvals/{id} — one approval with its context and decisions (approvers, the run's starter, admins)

import { IdParams } from "@/lib/agents/params";
import { route } from "@/lib/api/handler";
import { getApproval } from "@/lib/approvals";

export const GET = route({ access: "user", params: IdParams }, async ({ params, who }) => ({
  approval: await getApproval(params.id, who),
}));
