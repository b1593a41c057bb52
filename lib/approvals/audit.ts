// The audit entry of a decision on an approval (`approval.decided`), written in recordDecision's transaction.
import { type AuditActor, auditWrite } from "@/lib/audit";
import type { Tx } from "@/lib/db";
import type { Decision } from "@/lib/processes/schemas";

export function auditDecision(
  tx: Tx,
  actor: AuditActor,
  approval: { id: string; title: string; processName: string; status: string },
  d: {
    decision: Decision;
    comment: string | null;
    outcome: string | null;
    onBehalfOfId: string | null;
    viaLink: boolean;
  },
): Promise<void> {
  return auditWrite(tx, actor, {
    action: "approval.decided",
    targetType: "approval",
    targetId: approval.id,
    targetLabel: `${approval.processName}: ${approval.title}`,
    before: { status: approval.status },
    after: {
      decision: d.decision,
      comment: d.comment,
      status: d.outcome ?? approval.status,
      ...(d.onBehalfOfId ? { onBehalfOf: d.onBehalfOfId } : {}),
      ...(d.viaLink ? { via: "one-click link" } : {}),
    },
  });
}
