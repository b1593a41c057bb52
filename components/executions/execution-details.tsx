"use client";
// Everything one execution recorded: what it was asked, what came back, and what it cost.
import Link from "next/link";
import { buttonClass } from "@/components/app/button";
import { Time } from "@/components/app/time";
import { errorMessage } from "@/lib/client/api";
import { isPending, useCancelExecution } from "@/lib/client/executions";
import { formatCost, formatDuration, formatTokens } from "@/lib/client/format";
import type { ExecutionDto } from "@/lib/executions/schemas";
import { FactList } from "./fact-list";

function Output({ title, text, tone = "slate" }: { title: string; text: string; tone?: "slate" | "rose" }) {
  return (
    <div>
      <h4 className="mb-1 text-xs font-medium tracking-wide text-slate-600 uppercase">{title}</h4>
      <pre
        tabIndex={0}
        className={`max-h-96 overflow-auto rounded-md border p-3 font-mono text-xs leading-relaxed whitespace-pre-wrap break-words ${
          tone === "rose" ? "border-rose-200 bg-rose-50 text-rose-900" : "border-slate-200 bg-slate-50 text-slate-800"
        }`}
      >
        {text}
      </pre>
    </div>
  );
}

export function ExecutionDetails({ execution: e }: { execution: ExecutionDto }) {
  const cancel = useCancelExecution(e.agentName);
  const facts: [string, React.ReactNode][] = [
    ["Created", <Time at={e.createdAt} show="absolute" seconds />],
    ["Started", <Time at={e.startedAt} show="absolute" seconds />],
    ["Finished", <Time at={e.finishedAt} show="absolute" seconds />],
    ["Exit code", e.exitCode == null ? "—" : String(e.exitCode)],
    ["Turns", e.numTurns == null ? "—" : String(e.numTurns)],
    ["Input tokens", formatTokens(e.inputTokens)],
    ["Output tokens", formatTokens(e.outputTokens)],
    ["Cache read / write", `${formatTokens(e.cacheReadTokens)} / ${formatTokens(e.cacheCreationTokens)}`],
    ["Duration", formatDuration(e.durationMs)],
    ["Cost", formatCost(e.costUsd)],
  ];
  return (
    <div className="space-y-4 border-t border-slate-100 bg-white px-4 py-4">
      <Output title="Task" text={e.message} />
      {e.response && <Output title="Response" text={e.response} />}
      {e.error && <Output title="Error" text={e.error} tone="rose" />}
      {e.stderr && <Output title="Stderr" text={e.stderr} />}
      {isPending(e) && !e.response && (
        <p className="text-sm text-slate-600">No response yet; open the run to follow its output as it comes.</p>
      )}
      <FactList facts={facts} columns={5} />
      {e.sessionId && (
        <p className="text-xs text-slate-600">
          Session <span className="font-mono">{e.sessionId}</span>
        </p>
      )}
      <div className="flex flex-wrap items-center gap-3">
        <Link href={`/runs/${e.id}`} className={buttonClass("secondary", "sm")}>
          Open run
        </Link>
        {isPending(e) && (
          <button
            type="button"
            className={buttonClass("secondary", "sm")}
            disabled={cancel.isPending}
            onClick={() => cancel.mutate(e.id)}
          >
            {cancel.isPending ? "Cancelling…" : "Cancel execution"}
          </button>
        )}
        {cancel.isError && (
          <span role="alert" className="text-sm text-rose-700">
            {errorMessage(cancel.error)}
          </span>
        )}
      </div>
    </div>
  );
}
