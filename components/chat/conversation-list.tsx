"use client";
// The person's conversations with this agent, newest first; picking one opens it. Each can be renamed in place or
// deleted (after a confirmation) with its messages.
import { useState } from "react";
import { buttonClass } from "@/components/app/button";
import { ConfirmDialog } from "@/components/app/confirm-dialog";
import { inputClass } from "@/components/app/field";
import { Time } from "@/components/app/time";
import { errorMessage } from "@/lib/client/api";
import { useDeleteConversation, useRenameConversation } from "@/lib/client/conversations";
import { CONVERSATION_TITLE_MAX, type ConversationDto } from "@/lib/executions/schemas";

interface ConversationListProps {
  agentName: string;
  conversations: ConversationDto[];
  selectedId: string | null;
  onSelect: (id: string) => void;
  /** after a delete, so the panel can open another one */
  onDeleted: (id: string) => void;
}

export const conversationLabel = (c: ConversationDto) => c.title || c.preview || "New conversation";

function RenameForm({
  agentName,
  conversation,
  onDone,
}: {
  agentName: string;
  conversation: ConversationDto;
  onDone: () => void;
}) {
  const rename = useRenameConversation(agentName);
  const [title, setTitle] = useState(conversation.title ?? conversation.preview ?? "");
  const id = `rename-${conversation.id}`;
  return (
    <form
      className="space-y-2 rounded-md bg-white p-2 shadow-sm"
      onSubmit={(e) => {
        e.preventDefault();
        const next = title.trim();
        rename.mutate({ id: conversation.id, title: next === "" ? null : next }, { onSuccess: onDone });
      }}
    >
      <label htmlFor={id} className="block text-xs font-medium text-slate-700">
        Title of the conversation
      </label>
      <input
        id={id}
        className={inputClass}
        value={title}
        maxLength={CONVERSATION_TITLE_MAX}
        autoFocus
        autoComplete="off"
        aria-invalid={rename.isError || undefined}
        aria-describedby={rename.isError ? `${id}-error` : undefined}
        onChange={(e) => setTitle(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.preventDefault();
            onDone();
          }
        }}
      />
      {rename.isError && (
        <p id={`${id}-error`} role="alert" className="text-xs text-rose-700">
          {errorMessage(rename.error)}
        </p>
      )}
      <div className="flex gap-2">
        <button type="submit" className={buttonClass("primary", "sm")} disabled={rename.isPending}>
          {rename.isPending ? "Saving…" : "Save"}
        </button>
        <button type="button" className={buttonClass("ghost", "sm")} onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export function ConversationList({ agentName, conversations, selectedId, onSelect, onDeleted }: ConversationListProps) {
  const [renaming, setRenaming] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<ConversationDto | null>(null);
  const remove = useDeleteConversation(agentName);

  if (conversations.length === 0) {
    return <p className="px-3 py-4 text-sm text-slate-600">No conversations yet. Write a message to start one.</p>;
  }
  return (
    <>
      <ul className="space-y-1 p-2">
        {conversations.map((c) => {
          const current = c.id === selectedId;
          const label = conversationLabel(c);
          if (renaming === c.id) {
            return (
              <li key={c.id}>
                <RenameForm agentName={agentName} conversation={c} onDone={() => setRenaming(null)} />
              </li>
            );
          }
          return (
            <li key={c.id} className={`group rounded-md ${current ? "bg-indigo-50" : "hover:bg-slate-100"}`}>
              <button
                type="button"
                aria-current={current ? "true" : undefined}
                onClick={() => onSelect(c.id)}
                className={`w-full rounded-md px-3 pt-2 text-left text-sm ${current ? "text-indigo-900" : "text-slate-700"}`}
              >
                <span className="block truncate font-medium">{label}</span>
                <Time at={c.updatedAt} past className="block text-xs text-slate-600" />
              </button>
              <div className="flex gap-1 px-2 pb-1.5">
                <button
                  type="button"
                  className="rounded px-1 text-xs text-slate-600 hover:text-slate-900 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600"
                  onClick={() => setRenaming(c.id)}
                >
                  Rename<span className="sr-only"> {label}</span>
                </button>
                <button
                  type="button"
                  className="rounded px-1 text-xs text-rose-700 hover:text-rose-900 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600"
                  onClick={() => {
                    remove.reset();
                    setDeleting(c);
                  }}
                >
                  Delete<span className="sr-only"> {label}</span>
                </button>
              </div>
            </li>
          );
        })}
      </ul>
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete “${deleting ? conversationLabel(deleting) : ""}”?`}
        confirmLabel="Delete conversation"
        busy={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : null}
        onClose={() => setDeleting(null)}
        onConfirm={() => {
          if (!deleting) return;
          const id = deleting.id;
          remove.mutate(id, {
            onSuccess: () => {
              setDeleting(null);
              onDeleted(id);
            },
          });
        }}
      >
        Its messages and the agent&apos;s replies are deleted for good.
      </ConfirmDialog>
    </>
  );
}
