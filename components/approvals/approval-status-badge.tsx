// The state of an approval, in words with a colour that repeats them.
import { StateBadge, type StateLooks } from "@/components/processes/status-badges";
import type { ApprovalStatus } from "@/lib/processes/schemas";

const LOOKS: StateLooks<ApprovalStatus> = {
  pending: { tone: "amber", label: "Pending" },
  approved: { tone: "emerald", label: "Approved" },
  rejected: { tone: "rose", label: "Rejected" },
  changes_requested: { tone: "amber", label: "Changes requested" },
  timed_out: { tone: "slate", label: "Timed out" },
  cancelled: { tone: "slate", label: "Cancelled" },
};

export const ApprovalStatusBadge = ({ status }: { status: ApprovalStatus }) => (
  <StateBadge looks={LOOKS} state={status} live={["pending"]} />
);
