"use client";
// A reply while it is written: the text (and a command's output lines) the turn has produced so far, as it arrives,
// with the tools it is using. The finished reply replaces it.
import { useRunOutput } from "@/components/executions/use-run-output";
import type { ExecutionDto } from "@/lib/executions/schemas";
import { TypingIndicator } from "./typing-indicator";

export function StreamingReply({ execution, label }: { execution: ExecutionDto; label: string }) {
  const { entries } = useRunOutput(execution);
  const shown = entries.filter((e) => e.kind === "text" || e.kind === "stdout" || e.kind === "tool_use");
  return (
    <>
      {shown.length > 0 && (
        <div aria-live="polite" className="mb-2 space-y-1" data-testid="streaming-reply">
          {shown.map((e) =>
            e.kind === "tool_use" ? (
              <p key={e.seq} className="text-xs text-slate-600 italic">
                Using {e.data.name}…
              </p>
            ) : (
              <p key={e.seq}>{e.data.text}</p>
            ),
          )}
        </div>
      )}
      <TypingIndicator label={label} />
    </>
  );
}
