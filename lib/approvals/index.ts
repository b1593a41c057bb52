// Server-side approvals API; the browser-safe eligibility rules are in "lib/approvals/eligibility".
export { decideApproval, getApproval, listApprovals } from "./approvals";
