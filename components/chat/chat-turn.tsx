// One exchange: the person's message on the right, the agent's reply (or a typing indicator) on the left.
import { Time } from "@/components/app/time";
import { isPending } from "@/lib/client/executions";
import { formatDuration } from "@/lib/client/format";
import type { ExecutionDto } from "@/lib/executions/schemas";
import { MarkdownReply } from "./markdown-reply";
import { StreamingReply } from "./streaming-reply";
import { TypingIndicator } from "./typing-indicator";

type Tone = "user" | "agent" | "error" | "stopped";

function Bubble({
  side,
  tone = "agent",
  markdown,
  children,
}: {
  side: "left" | "right";
  tone?: Tone;
  markdown?: boolean;
  children: React.ReactNode;
}) {
  const look = {
    user: "bg-indigo-600 text-white rounded-br-sm",
    agent: "bg-white text-slate-800 border border-slate-200 rounded-bl-sm",
    error: "bg-rose-50 text-rose-900 border border-rose-200 rounded-bl-sm",
    stopped: "bg-slate-100 text-slate-700 border border-slate-200 rounded-bl-sm",
  }[tone];
  // Markdown lays out its own blocks; plain text keeps the line breaks it was typed with.
  const text = markdown ? "min-w-0" : "whitespace-pre-wrap";
  return (
    <div className={`flex ${side === "right" ? "justify-end" : "justify-start"}`}>
      <div
        className={`max-w-[85%] rounded-2xl px-4 py-2.5 text-sm leading-relaxed break-words shadow-sm ${text} ${look}`}
      >
        {children}
      </div>
    </div>
  );
}

function Reply({ execution: e, agentName }: { execution: ExecutionDto; agentName: string }) {
  if (isPending(e)) {
    return (
      <Bubble side="left">
        {e.status === "queued" ? (
          <TypingIndicator label={`${agentName} will answer when a slot is free`} />
        ) : (
          <StreamingReply execution={e} label={`${agentName} is writing`} />
        )}
      </Bubble>
    );
  }
  if (e.status === "succeeded") {
    return e.response ? (
      <Bubble side="left" markdown>
        <MarkdownReply text={e.response} />
      </Bubble>
    ) : (
      <Bubble side="left">
        <span className="text-slate-500 italic">(empty reply)</span>
      </Bubble>
    );
  }
  if (e.status === "cancelled") {
    return (
      <Bubble side="left" tone="stopped">
        <span className="font-medium">Stopped</span>
        <span className="text-slate-600"> · the reply was stopped before it was finished</span>
        {e.response && <span className="mt-2 block">{e.response}</span>}
      </Bubble>
    );
  }
  const what = e.status === "timed_out" ? "Timed out" : e.status === "interrupted" ? "Interrupted" : "Failed";
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
        <p className="pl-1 text-xs text-slate-500">
          <Time at={e.finishedAt ?? e.createdAt} past />
          {e.durationMs != null && ` · ${formatDuration(e.durationMs)}`}
          {e.model && ` · ${e.model}`}
        </p>
      )}
    </li>
  );
}
