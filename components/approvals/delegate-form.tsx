"use client";
// "Delegate": an approver hands this one approval to someone else, who then decides for them.
import { useState } from "react";
import { buttonClass } from "@/components/app/button";
import { Field, inputClass } from "@/components/app/field";
import { formErrors } from "@/lib/client/api";
import { useDelegateApproval } from "@/lib/client/delegations";

export function DelegateForm({ approvalId }: { approvalId: string }) {
  const delegate = useDelegateApproval();
  const [open, setOpen] = useState(false);
  const [to, setTo] = useState("");
  const [done, setDone] = useState("");
  const failed = formErrors(delegate.error, ["to"] as const);
  const fieldId = `delegate-to-${approvalId}`;

  if (!open) {
    return (
      <div className="space-y-2">
        <button type="button" className={buttonClass("secondary", "sm")} onClick={() => setOpen(true)}>
          Delegate…
        </button>
        <p role="status" className="text-sm text-slate-600 empty:hidden">
          {done}
        </p>
      </div>
    );
  }
  return (
    <form
      aria-label="Delegate this approval"
      className="space-y-3 rounded-md border border-slate-200 p-3"
      onSubmit={(e) => {
        e.preventDefault();
        const email = to.trim();
        delegate.mutate(
          { id: approvalId, to: email },
          {
            onSuccess: () => {
              setDone(`Delegated to ${email}; they can now decide for you.`);
              setOpen(false);
              setTo("");
            },
          },
        );
      }}
    >
      <Field
        id={fieldId}
        label="Delegate to (email)"
        error={failed.fields.to}
        hint="They decide this approval for you, and their decision is recorded as made for you."
      >
        <input className={inputClass} type="email" required value={to} onChange={(e) => setTo(e.target.value)} />
      </Field>
      {failed.general && (
        <p role="alert" className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-800">
          {failed.general}
        </p>
      )}
      <div className="flex gap-2">
        <button type="submit" className={buttonClass("primary", "sm")} disabled={delegate.isPending}>
          {delegate.isPending ? "Delegating…" : "Delegate"}
        </button>
        <button type="button" className={buttonClass("secondary", "sm")} onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
