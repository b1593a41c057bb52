"use client";
// The turns of one conversation, oldest first, kept scrolled to the newest; screen readers hear new replies.
import { useEffect, useRef } from "react";
import type { ExecutionDto } from "@/lib/executions/schemas";
import { ChatTurn } from "./chat-turn";

export function MessageList({ executions, agentName }: { executions: ExecutionDto[]; agentName: string }) {
  const endRef = useRef<HTMLDivElement>(null);
  const last = executions.at(-1);
  const lastKey = last ? `${last.id}:${last.status}` : "";

  // biome-ignore lint/correctness/useExhaustiveDependencies: scrolls when the last turn or its status changes
  useEffect(() => {
    endRef.current?.scrollIntoView({ block: "end" });
  }, [lastKey]);

  if (executions.length === 0) {
    return (
      <div className="grid h-full place-items-center p-8 text-center text-sm text-slate-600">
        <p>Ask {agentName} anything. Each message continues the same session, so it remembers what you said before.</p>
      </div>
    );
  }
  return (
    <div className="p-4">
      {/* The log role is on a wrapper: on the <ol> itself it would take the list's role, and its items would be orphans. */}
      <div role="log" aria-label={`Conversation with ${agentName}`}>
        <ol className="space-y-5">
          {executions.map((e) => (
            <ChatTurn key={e.id} execution={e} agentName={agentName} />
          ))}
        </ol>
      </div>
      <div ref={endRef} />
    </div>
  );
}
