"use client";
// The person's conversations with this agent, newest first; picking one opens it.
import { formatRelative } from "@/lib/client/format";
import type { ConversationDto } from "@/lib/executions/schemas";

interface ConversationListProps {
  conversations: ConversationDto[];
  selectedId: string | null;
  onSelect: (id: string) => void;
}

export function ConversationList({ conversations, selectedId, onSelect }: ConversationListProps) {
  if (conversations.length === 0) {
    return <p className="px-3 py-4 text-sm text-slate-600">No conversations yet. Write a message to start one.</p>;
  }
  return (
    <ul className="space-y-1 p-2">
      {conversations.map((c) => {
        const current = c.id === selectedId;
        return (
          <li key={c.id}>
            <button
              type="button"
              aria-current={current ? "true" : undefined}
              onClick={() => onSelect(c.id)}
              className={`w-full rounded-md px-3 py-2 text-left text-sm transition-colors ${
                current ? "bg-indigo-50 text-indigo-900" : "text-slate-700 hover:bg-slate-100"
              }`}
            >
              <span className="block truncate font-medium">{c.preview || "New conversation"}</span>
              <span className="block text-xs text-slate-600">{formatRelative(c.updatedAt)}</span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
