// Server-side approvals API; the browser-safe eligibility rules are in "lib/approvals/eligibility".
export { listApprovals, getApproval, decideApproval } from "./approvals";
