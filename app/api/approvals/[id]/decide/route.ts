// POST /api/approvals/{id}/decide — approve or reject with an optional comment (eligible approvers; 409 once decided)

import { IdParams } from "@/lib/agents/params";
import { route } from "@/lib/api/handler";
import { decideApproval } from "@/lib/approvals";
import { DecideInput } from "@/lib/processes/schemas";

export const POST = route({ access: "user", params: IdParams, body: DecideInput }, async ({ params, body, who }) => ({
  approval: await decideApproval(params.id, body, who),
}));
