"use client";
// One approval on its own page (linked from run timelines), with the same details and decision form as the inbox.
import Link from "next/link";
import { useState } from "react";
import { buttonClass } from "@/components/app/button";
import { PageHeader } from "@/components/app/page-header";
import { EmptyState, ErrorNotice, LoadingBlock } from "@/components/app/states";
import { ApiError } from "@/lib/client/api";
import { useApproval } from "@/lib/client/approvals";
import { ApprovalDetails } from "./approval-details";
import { ApprovalStatusBadge } from "./approval-status-badge";
import { decidedWords } from "./decision-words";

export function ApprovalPage({ id }: { id: string }) {
  const approval = useApproval(id);
  const [notice, setNotice] = useState("");
  if (approval.isPending) return <LoadingBlock label="Loading approval…" />;
  if (approval.isError) {
    const status = approval.error instanceof ApiError ? approval.error.status : 0;
    if (status === 404 || status === 403) {
      return (
        <EmptyState
          title={status === 404 ? "This approval is not there" : "This approval is not addressed to you"}
          action={
            <Link href="/approvals" className={buttonClass("secondary")}>
              Approvals inbox
            </Link>
          }
        >
          {status === 404
            ? "Its process may have been deleted."
            : "Its approvers, the person who started the run and admins can see it."}
        </EmptyState>
      );
    }
    return <ErrorNotice title="Could not load the approval" error={approval.error} retry={() => approval.refetch()} />;
  }
  const a = approval.data;
  return (
    <div className="mx-auto max-w-4xl">
      <PageHeader
        title={a.title}
        badge={<ApprovalStatusBadge status={a.status} />}
        description={`${a.processName} · step ${a.stepId}`}
      />
      <p aria-live="polite" className="mb-4 text-sm text-slate-600 empty:hidden">
        {notice}
      </p>
      <div className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
        <ApprovalDetails approval={a} onDecided={(d) => setNotice(`You ${decidedWords(d)} this.`)} />
      </div>
    </div>
  );
}
