"use client";
// Approve, Reject or Request changes, with a comment (optional, except when asking for changes: it says what to
// change, and the step the run goes back to receives it); shown only to someone who may decide now.
import { useRef, useState } from "react";
import { buttonClass } from "@/components/app/button";
import { Field, inputClass } from "@/components/app/field";
import { formErrors } from "@/lib/client/api";
import { useDecideApproval } from "@/lib/client/approvals";
import type { ApprovalDto, Decision } from "@/lib/processes/schemas";

const MAX_COMMENT = 2000;

const BUTTONS: { decision: Decision; label: string; busy: string; tone: "primary" | "danger" | "secondary" }[] = [
  { decision: "approve", label: "Approve", busy: "Approving…", tone: "primary" },
  { decision: "request_changes", label: "Request changes", busy: "Sending…", tone: "secondary" },
  { decision: "reject", label: "Reject", busy: "Rejecting…", tone: "danger" },
];

export function DecisionForm({
  approval,
  onDecided,
}: {
  approval: ApprovalDto;
  onDecided?: (decision: Decision) => void;
}) {
  const decide = useDecideApproval();
  const [comment, setComment] = useState("");
  const [choice, setChoice] = useState<Decision | null>(null);
  const [needsComment, setNeedsComment] = useState(false);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const failed = formErrors(decide.error, ["comment"] as const);
  const fieldError = failed.fields.comment;
  const tooLong =
    comment.length > MAX_COMMENT ? `At most ${MAX_COMMENT} characters (now ${comment.length}).` : undefined;
  const missing =
    needsComment && !comment.trim() ? "To request changes, say in the comment what should change." : undefined;

  function submit(decision: Decision) {
    if (tooLong) return;
    if (decision === "request_changes" && !comment.trim()) {
      setNeedsComment(true);
      textarea.current?.focus();
      return;
    }
    setChoice(decision);
    // The promise, not mutate's onSuccess: a live refresh may close this form before the answer comes, and the
    // parent (which stays) still says what was decided. Errors show through decide.error.
    decide
      .mutateAsync({ id: approval.id, body: { decision, comment: comment.trim() || undefined } })
      .then(() => onDecided?.(decision))
      .catch(() => {});
  }

  const fieldId = `decision-comment-${approval.id}`;
  const error = tooLong ?? missing ?? fieldError;
  return (
    <form onSubmit={(e) => e.preventDefault()} aria-label={`Decide: ${approval.title}`} className="space-y-3">
      <Field
        id={fieldId}
        label="Comment (optional)"
        error={error}
        hint="Required to request changes: say what should change; the step the run goes back to receives it. Kept with your decision for the run's starter and the other approvers."
      >
        <textarea
          ref={textarea}
          className={inputClass}
          rows={3}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
        />
      </Field>
      {failed.general && (
        <p role="alert" className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-800">
          {failed.general}
        </p>
      )}
      <div className="flex flex-wrap gap-2">
        {BUTTONS.map((b) => (
          <button
            key={b.decision}
            type="button"
            className={buttonClass(b.tone)}
            disabled={decide.isPending || !!tooLong}
            aria-describedby={error ? `${fieldId}-error` : undefined}
            onClick={() => submit(b.decision)}
          >
            {decide.isPending && choice === b.decision ? b.busy : b.label}
          </button>
        ))}
      </div>
    </form>
  );
}
