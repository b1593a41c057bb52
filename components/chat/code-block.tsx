"use client";
// A fenced code block of a reply, with a button that copies its text (and says so).
import { useEffect, useRef, useState } from "react";

const COPIED_FOR_MS = 2000;

export function CodeBlock({ children }: { children: React.ReactNode }) {
  const ref = useRef<HTMLPreElement>(null);
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");

  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), COPIED_FOR_MS);
    return () => clearTimeout(timer);
  }, [state]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(ref.current?.textContent ?? "");
      setState("copied");
    } catch {
      setState("failed");
    }
  }

  return (
    <div className="group relative my-2">
      <pre
        ref={ref}
        className="overflow-x-auto rounded-md bg-slate-900 p-3 pr-20 font-mono text-xs leading-relaxed text-slate-100"
      >
        {children}
      </pre>
      <button
        type="button"
        onClick={copy}
        aria-label={state === "copied" ? "Copied" : "Copy code"}
        className="absolute top-1.5 right-1.5 rounded border border-slate-600 bg-slate-800 px-2 py-0.5 text-xs font-medium text-slate-100 hover:bg-slate-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-400"
      >
        {state === "copied" ? "Copied" : state === "failed" ? "Copy failed" : "Copy"}
      </button>
      <span aria-live="polite" className="sr-only">
        {state === "copied" ? "Code copied to the clipboard" : state === "failed" ? "Could not copy the code" : ""}
      </span>
    </div>
  );
}
