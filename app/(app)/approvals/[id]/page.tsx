// One approval with its context and, for an eligible approver, the decision form.
import type { Metadata } from "next";
import { ApprovalPage } from "@/components/approvals/approval-page";
import { requireUser } from "@/lib/auth/session";

type Props = { params: Promise<{ id: string }> };

export const metadata: Metadata = { title: "Approval · Cadre" };

export default async function ApprovalDetailPage({ params }: Props) {
  const { id } = await params;
  await requireUser(`/approvals/${encodeURIComponent(id)}`);
  return <ApprovalPage id={id} />;
}
