// GET /api/approvals?status= — the approvals this user may see (pending by default) and how many await their decision
import { route } from "@/lib/api/handler";
import { listApprovals } from "@/lib/approvals";
import { ApprovalListQuery } from "@/lib/processes/schemas";

export const GET = route({ access: "user", query: ApprovalListQuery }, async ({ query, who }) =>
  listApprovals(query, who),
);
