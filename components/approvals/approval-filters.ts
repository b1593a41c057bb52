// The inbox's filters (also read by the server page from ?status=), with what an empty list says for each.
import { APPROVAL_STATUSES, type ApprovalListQuery } from "@/lib/processes/schemas";

export type ApprovalFilter = ApprovalListQuery["status"];

export const APPROVAL_FILTERS: { value: ApprovalFilter; label: string; empty: string }[] = [
  { value: "pending", label: "Pending", empty: "Nothing waits for a decision" },
  { value: "approved", label: "Approved", empty: "No approved approvals" },
  { value: "rejected", label: "Rejected", empty: "No rejected approvals" },
  { value: "changes_requested", label: "Changes requested", empty: "No approvals sent back for changes" },
  { value: "timed_out", label: "Timed out", empty: "No approvals timed out" },
  { value: "cancelled", label: "Cancelled", empty: "No cancelled approvals" },
  { value: "all", label: "All", empty: "No approvals yet" },
];

export function isApprovalFilter(value: unknown): value is ApprovalFilter {
  return value === "all" || (APPROVAL_STATUSES as readonly unknown[]).includes(value);
}
