// POST /api/approvals/{id}/delegate — hand this approval to someone else (an approver who has not decided)
import { IdParams } from "@/lib/agents/params";
import { json, route } from "@/lib/api/handler";
import { delegateApproval } from "@/lib/approvals/delegations";
import { DelegateInput } from "@/lib/approvals/schemas";

export const POST = route({ access: "user", params: IdParams, body: DelegateInput }, async ({ params, body, who }) =>
  json({ delegation: await delegateApproval(params.id, body.to, who) }, 201),
);
