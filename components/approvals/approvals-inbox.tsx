"use client";
// The Approvals inbox: pending approvals first (or decided ones by filter), each opening in place with its context
// and Approve / Reject. New approvals and decisions arrive without reload (use-live-approvals, mounted by the nav).
import { useState } from "react";
import { inputClass } from "@/components/app/field";
import { LoadMore } from "@/components/app/load-more";
import { EmptyState, ErrorNotice, LoadingBlock } from "@/components/app/states";
import { useToggleSet } from "@/components/app/use-toggle-set";
import { useApprovals } from "@/lib/client/approvals";
import { ApprovalCard } from "./approval-card";
import { APPROVAL_FILTERS, type ApprovalFilter } from "./approval-filters";
import { decidedWords } from "./decision-words";

export function ApprovalsInbox({ initialStatus }: { initialStatus: ApprovalFilter }) {
  const [status, setStatus] = useState<ApprovalFilter>(initialStatus);
  const approvals = useApprovals(status);
  const { open, toggle } = useToggleSet();
  const [notice, setNotice] = useState("");
  const filter = APPROVAL_FILTERS.find((f) => f.value === status)!;

  function choose(next: ApprovalFilter) {
    setStatus(next);
    setNotice("");
    // Keeps the filter in the address so a reload or a shared link shows the same list.
    const url = new URL(window.location.href);
    if (next === "pending") url.searchParams.delete("status");
    else url.searchParams.set("status", next);
    window.history.replaceState(null, "", url);
  }

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex items-center gap-2">
          <label htmlFor="approvals-status" className="text-sm text-slate-600">
            Show
          </label>
          <select
            id="approvals-status"
            className={`${inputClass} w-auto py-1.5`}
            value={status}
            onChange={(e) => choose(e.target.value as ApprovalFilter)}
          >
            {APPROVAL_FILTERS.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
              </option>
            ))}
          </select>
        </div>
        <p aria-live="polite" className="text-sm text-slate-600 empty:hidden">
          {notice}
        </p>
      </div>

      {approvals.isPending ? (
        <LoadingBlock label="Loading approvals…" />
      ) : approvals.isError ? (
        <ErrorNotice title="Could not load the approvals" error={approvals.error} retry={() => approvals.refetch()} />
      ) : approvals.data.pages[0].approvals.length === 0 ? (
        <EmptyState title={filter.empty}>
          {status === "pending"
            ? "When a process reaches an approval step addressed to you, it shows up here at once."
            : "Choose another filter to see more."}
        </EmptyState>
      ) : (
        <>
          <ul aria-label={`${filter.label} approvals`} className="space-y-3">
            {approvals.data.pages
              .flatMap((page) => page.approvals)
              .map((a) => (
                <ApprovalCard
                  key={a.id}
                  approval={a}
                  open={open.has(a.id)}
                  onToggle={() => toggle(a.id)}
                  onDecided={(decision) => setNotice(`You ${decidedWords(decision)} “${a.title}”.`)}
                />
              ))}
          </ul>
          <LoadMore query={approvals} />
        </>
      )}
    </div>
  );
}
