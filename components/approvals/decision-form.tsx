"use client";
// Approve or Reject with an optional comment; shown only to someone who may decide now.
import { useState } from "react";
import { buttonClass } from "@/components/app/button";
import { Field, inputClass } from "@/components/app/field";
import { formErrors } from "@/lib/client/api";
import { useDecideApproval } from "@/lib/client/approvals";
import type { ApprovalDto } from "@/lib/processes/schemas";

const MAX_COMMENT = 2000;

export function DecisionForm({
  approval,
  onDecided,
}: {
  approval: ApprovalDto;
  onDecided?: (decision: "approve" | "reject") => void;
}) {
  const decide = useDecideApproval();
  const [comment, setComment] = useState("");
  const [choice, setChoice] = useState<"approve" | "reject" | null>(null);
  const failed = formErrors(decide.error, ["comment"] as const);
  const fieldError = failed.fields.comment;
  const tooLong =
    comment.length > MAX_COMMENT ? `At most ${MAX_COMMENT} characters (now ${comment.length}).` : undefined;

  function submit(decision: "approve" | "reject") {
    if (tooLong) return;
    setChoice(decision);
    decide.mutate(
      { id: approval.id, body: { decision, comment: comment.trim() || undefined } },
      { onSuccess: () => onDecided?.(decision) },
    );
  }

  const fieldId = `decision-comment-${approval.id}`;
  return (
    <form onSubmit={(e) => e.preventDefault()} aria-label={`Decide: ${approval.title}`} className="space-y-3">
      <Field
        id={fieldId}
        label="Comment (optional)"
        error={tooLong ?? fieldError}
        hint="Kept with your decision; the run's starter and other approvers see it."
      >
        <textarea className={inputClass} rows={3} value={comment} onChange={(e) => setComment(e.target.value)} />
      </Field>
      {failed.general && (
        <p role="alert" className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-800">
          {failed.general}
        </p>
      )}
      <div className="flex flex-wrap gap-2">
        <button
          type="button"
          className={buttonClass("primary")}
          disabled={decide.isPending || !!tooLong}
          aria-describedby={tooLong ? `${fieldId}-error` : undefined}
          onClick={() => submit("approve")}
        >
          {decide.isPending && choice === "approve" ? "Approving…" : "Approve"}
        </button>
        <button
          type="button"
          className={buttonClass("danger")}
          disabled={decide.isPending || !!tooLong}
          aria-describedby={tooLong ? `${fieldId}-error` : undefined}
          onClick={() => submit("reject")}
        >
          {decide.isPending && choice === "reject" ? "Rejecting…" : "Reject"}
        </button>
      </div>
    </form>
  );
}
