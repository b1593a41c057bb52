"use client";
// Ends the browser session and loads the sign-in page afresh, which also drops cached data and the live connection.
import { useState } from "react";
import { authClient } from "./auth-client";

export function SignOutButton({ className }: { className?: string }) {
  const [pending, setPending] = useState(false);

  async function signOut() {
    setPending(true);
    await authClient.signOut().catch(() => undefined);
    window.location.assign("/sign-in");
  }

  return (
    <button
      type="button"
      onClick={signOut}
      disabled={pending}
      className={
        className ??
        "rounded-md px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100 disabled:text-slate-400"
      }
    >
      {pending ? "Signing out…" : "Sign out"}
    </button>
  );
}
