"use client";
// The Confirm button of a one-click decision link: a JSON POST of the token (never a GET), then what happened.
import { useState } from "react";
import { buttonClass } from "@/components/app/button";
import { apiFetch, errorMessage } from "@/lib/client/api";

interface Props {
  token: string;
  decision: "approve" | "reject";
  asEmail: string;
  onBehalfOfEmail: string | null;
  expiresAt: string;
}

interface ActResult {
  decision: "approve" | "reject";
  approval: { id: string; title: string; status: string; processName: string };
}

export function ConfirmActionLink({ token, decision, asEmail, onBehalfOfEmail, expiresAt }: Props) {
  const [state, setState] = useState<"idle" | "sending" | "done" | "failed">("idle");
  const [result, setResult] = useState<ActResult | null>(null);
  const [error, setError] = useState("");
  const verb = decision === "approve" ? "Approve" : "Reject";

  async function confirm() {
    setState("sending");
    try {
      setResult(await apiFetch<ActResult>("/api/approvals/act", { method: "POST", body: { token } }));
      setState("done");
    } catch (err) {
      setError(errorMessage(err));
      setState("failed");
    }
  }

  if (state === "done" && result) {
    const status = result.approval.status.replace("_", " ");
    return (
      <p
        role="status"
        className="mt-6 rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900"
      >
        {result.decision === "approve" ? "Approved" : "Rejected"}. The approval is now {status}.
      </p>
    );
  }
  return (
    <div className="mt-6 space-y-3">
      <p className="text-sm text-slate-700">
        {verb} as <strong>{asEmail}</strong>
        {onBehalfOfEmail ? ` for ${onBehalfOfEmail}` : ""}. This link works once, until{" "}
        <time dateTime={expiresAt}>{new Date(expiresAt).toUTCString()}</time>.
      </p>
      {state === "failed" && (
        <p role="alert" className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-800">
          {error}
        </p>
      )}
      <button
        type="button"
        className={buttonClass(decision === "approve" ? "primary" : "danger")}
        disabled={state === "sending"}
        onClick={confirm}
      >
        {state === "sending" ? "Confirming…" : `Confirm: ${verb.toLowerCase()}`}
      </button>
    </div>
  );
}
