// One exchange: the person's message on the right, the agent's reply (or a typing indicator) on the left.
import { formatDuration, formatRelative } from "@/lib/client/format";
import { isPending } from "@/lib/client/executions";
import type { ExecutionDto } from "@/lib/executions/schemas";
import { TypingIndicator } from "./typing-indicator";

function Bubble({ side, tone = "agent", children }: { side: "left" | "right"; tone?: "user" | "agent" | "error"; children: React.ReactNode }) {
  const look = {
    user: "bg-indigo-600 text-white rounded-br-sm",
    agent: "bg-white text-slate-800 border border-slate-200 rounded-bl-sm",
    error: "bg-rose-50 text-rose-900 border border-rose-200 rounded-bl-sm",
  }[tone];
  return (
    <div className={`flex ${side === "right" ? "justify-end" : "justify-start"}`}>
      <div className={`max-w-[85%] rounded-2xl px-4 py-2.5 text-sm leading-relaxed whitespace-pre-wrap break-words shadow-sm ${look}`}>
        {children}
      </div>
    </div>
  );
}

function Reply({ execution: e, agentName }: { execution: ExecutionDto; agentName: string }) {
  if (isPending(e)) {
    return (
      <Bubble side="left">
        <TypingIndicator label={e.status === "queued" ? `${agentName} will answer when a slot is free` : `${agentName} is writing`} />
      </Bubble>
    );
  }
  if (e.status === "succeeded") return <Bubble side="left">{e.response || <span className="text-slate-600 italic">(empty reply)</span>}</Bubble>;
  const what = e.status === "timed_out" ? "Timed out" : e.status === "cancelled" ? "Cancelled" : e.status === "interrupted" ? "Interrupted" : "Failed";
  return (
    <Bubble side="left" tone="error">
      <span className="font-medium">{what}</span>
      {e.error ? `: ${e.error}` : ""}
      {e.response && <span className="mt-2 block text-slate-700">{e.response}</span>}
    </Bubble>
  );
}

export function ChatTurn({ execution: e, agentName }: { execution: ExecutionDto; agentName: string }) {
  return (
    <li className="space-y-2">
      <Bubble side="right" tone="user">
        {e.message}
      </Bubble>
      <Reply execution={e} agentName={agentName} />
      {!isPending(e) && (
        <p className="pl-1 text-xs text-slate-600">
          {formatRelative(e.finishedAt ?? e.createdAt)}
          {e.durationMs != null && ` · ${formatDuration(e.durationMs)}`}
          {e.model && ` · ${e.model}`}
        </p>
      )}
    </li>
  );
}
