"use client";
// The token just created, shown this once, with a copy button.
import { useState } from "react";
import { Button } from "./form-controls";

export function NewTokenBox({ token, onDone }: { token: string; onDone: () => void }) {
  const [copied, setCopied] = useState(false);

  async function copy() {
    try {
      await navigator.clipboard.writeText(token);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  }

  return (
    <div className="space-y-3 rounded-lg border border-amber-300 bg-amber-50 p-4">
      <p role="status" className="text-sm font-medium text-amber-900">
        Copy your new token now. It is shown only this once; Cadre keeps only a fingerprint of it.
      </p>
      <label className="block text-sm font-medium text-slate-700" htmlFor="new-api-token">
        New API token
      </label>
      <div className="flex gap-2">
        <input
          id="new-api-token"
          readOnly
          value={token}
          onFocus={(e) => e.target.select()}
          className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-sm"
        />
        <Button variant="secondary" onClick={copy}>
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
      <p className="text-xs text-slate-600">
        Use it as <code className="font-mono">Authorization: Bearer &lt;token&gt;</code>.
      </p>
      <Button variant="secondary" onClick={onDone}>
        Done
      </Button>
    </div>
  );
}
