// The links a notification carries into Cadre, built in one place so each channel offers the same ones.
import { config } from "@/lib/config";

export interface ApprovalLinks {
  /** the approval's page */
  open: string;
}

/** The links for `recipientUserId` (null: a channel, not a person) to act on an approval. */
export function approvalLinks(approvalId: string, _recipientUserId: string | null): ApprovalLinks {
  return { open: `${config().publicUrl.replace(/\/+$/, "")}/approvals/${encodeURIComponent(approvalId)}` };
}

/** A run's page. */
export function executionLink(executionId: string): string {
  return `${config().publicUrl.replace(/\/+$/, "")}/runs/${encodeURIComponent(executionId)}`;
}

/** An agent's schedules. */
export function agentLink(agentName: string): string {
  return `${config().publicUrl.replace(/\/+$/, "")}/agents/${encodeURIComponent(agentName)}`;
}
