"use client";
// A run's transcript: assistant text, each tool call folded with its result and how long it took, output lines, the
// final result. Entries come in seq order (use-run-output); a tool result is shown inside the call it answers.
import { formatCost, formatDuration, formatTokens } from "@/lib/client/format";
import type { OutputEntry } from "@/lib/executions/output-entry";

const pre = "overflow-auto rounded-md p-2 font-mono text-xs leading-relaxed whitespace-pre-wrap break-words";

function ToolCall({ use, result }: { use: OutputEntry; result?: OutputEntry }) {
  const took = result ? Date.parse(result.at) - Date.parse(use.at) : null;
  return (
    <details className="rounded-md border border-slate-200 bg-white">
      <summary className="cursor-pointer px-3 py-2 text-sm text-slate-800">
        <span className="font-medium">Tool: {use.data.name}</span>{" "}
        <span className="text-slate-600">
          {result ? `· ${formatDuration(took)}${result.data.isError ? " · error" : ""}` : "· running…"}
        </span>
      </summary>
      <div className="space-y-2 border-t border-slate-100 px-3 py-2">
        <div>
          <h3 className="text-xs font-medium text-slate-600">Input</h3>
          <pre tabIndex={0} className={`${pre} max-h-60 bg-slate-50 text-slate-800`}>
            {use.data.input}
          </pre>
        </div>
        {result && (
          <div>
            <h3 className="text-xs font-medium text-slate-600">Result</h3>
            <pre
              tabIndex={0}
              className={`${pre} max-h-60 ${result.data.isError ? "bg-rose-50 text-rose-900" : "bg-slate-50 text-slate-800"}`}
            >
              {result.data.text || "(empty)"}
            </pre>
          </div>
        )}
      </div>
    </details>
  );
}

function ResultLine({ entry }: { entry: OutputEntry }) {
  const d = entry.data;
  return (
    <p className={`text-sm ${d.isError ? "text-rose-800" : "text-slate-700"}`}>
      {d.isError ? "Ended with an error" : "Finished"} · {formatDuration(d.durationMs)} · {formatTokens(d.inputTokens)}{" "}
      in / {formatTokens(d.outputTokens)} out · {formatCost(d.costUsd)}
    </p>
  );
}

function Entry({ entry, results }: { entry: OutputEntry; results: Map<string, OutputEntry> }) {
  const { kind, data } = entry;
  switch (kind) {
    case "text":
      return <p className="text-sm whitespace-pre-wrap text-slate-900">{data.text}</p>;
    case "tool_use":
      return <ToolCall use={entry} result={data.toolUseId ? results.get(data.toolUseId) : undefined} />;
    case "result":
      return <ResultLine entry={entry} />;
    case "stdout":
    case "stderr":
      return (
        <pre className={`${pre} p-0 ${kind === "stderr" ? "text-rose-800" : "text-slate-800"}`}>
          {kind === "stderr" && <span className="sr-only">stderr: </span>}
          {data.text}
        </pre>
      );
    case "truncated":
      return <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">{data.text}</p>;
    default:
      return <p className="text-xs text-slate-600">{data.text}</p>;
  }
}

export function RunTranscript({ entries, running }: { entries: OutputEntry[]; running: boolean }) {
  const results = new Map<string, OutputEntry>();
  const answered = new Set<string>();
  for (const e of entries) if (e.kind === "tool_use" && e.data.toolUseId) answered.add(e.data.toolUseId);
  for (const e of entries)
    if (e.kind === "tool_result" && e.data.toolUseId && answered.has(e.data.toolUseId))
      results.set(e.data.toolUseId, e);
  // A result whose call was not kept (past the cap, or never announced) still shows on its own.
  const shown = entries.filter(
    (e) => !(e.kind === "tool_result" && e.data.toolUseId && answered.has(e.data.toolUseId)),
  );
  if (shown.length === 0)
    return (
      <p className="text-sm text-slate-600">
        {running ? "Nothing printed yet; output appears here as it comes." : "This run printed nothing."}
      </p>
    );
  return (
    <ol aria-label="Transcript" className="space-y-2">
      {shown.map((e) => (
        <li key={e.seq} data-kind={e.kind}>
          <Entry entry={e.kind === "tool_result" ? { ...e, kind: "stdout" } : e} results={results} />
        </li>
      ))}
    </ol>
  );
}
