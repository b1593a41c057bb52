// The Approvals inbox: what waits for the signed-in person's decision, and what was decided.
import type { Metadata } from "next";
import { PageHeader } from "@/components/app/page-header";
import { isApprovalFilter } from "@/components/approvals/approval-filters";
import { ApprovalsInbox } from "@/components/approvals/approvals-inbox";
import { DelegationsSection } from "@/components/approvals/delegations-section";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Approvals · Cadre" };

type Props = { searchParams: Promise<{ status?: string | string[] }> };

export default async function ApprovalsPage({ searchParams }: Props) {
  await requireUser("/approvals");
  const { status } = await searchParams;
  return (
    <>
      <PageHeader
        title="Approvals"
        description="Process steps waiting for a person's decision. New ones appear here as they arrive."
      />
      <ApprovalsInbox initialStatus={isApprovalFilter(status) ? status : "pending"} />
      <DelegationsSection />
    </>
  );
}
