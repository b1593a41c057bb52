"use client";
// The latest approval reminder heard on the socket: what still waits (or was escalated to this person), a link to
// decide it, and a dismiss button. The status region stays mounted so screen readers announce each new reminder.
import Link from "next/link";
import { Time } from "@/components/app/time";
import type { EventPayload } from "@/lib/realtime/events";

export function ReminderToast({
  reminder: r,
  onDismiss,
}: {
  reminder: EventPayload<"approval_reminder"> | null;
  onDismiss: () => void;
}) {
  return (
    <div
      role="status"
      aria-live="polite"
      className="fixed right-4 bottom-4 left-4 z-50 empty:hidden sm:left-auto sm:max-w-sm"
    >
      {r && (
        <div className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 shadow-lg">
          <p className="font-medium">{r.escalated ? "Escalated to you" : `Reminder ${r.reminder}`}</p>
          <p className="mt-0.5">
            “{r.title}” {r.escalated ? "waits for a decision" : "still waits for your decision"}
            {r.deadlineAt && (
              <>
                {" "}
                — deadline <Time at={r.deadlineAt} />
              </>
            )}
            .
          </p>
          <div className="mt-2 flex gap-3">
            <Link
              href={`/approvals/${r.approvalId}`}
              onClick={onDismiss}
              className="font-medium text-indigo-700 underline underline-offset-2 hover:text-indigo-900"
            >
              Review
            </Link>
            <button type="button" onClick={onDismiss} className="font-medium text-amber-900 hover:underline">
              Dismiss
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
