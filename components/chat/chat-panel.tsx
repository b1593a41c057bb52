"use client";
// The Chat tab: conversations on the side, the open one in the middle, the composer below. Replies arrive live, and
// the one being written can be stopped. "New conversation" opens a blank page: the conversation is made with its
// first message, so no empty ones pile up.
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import { buttonClass } from "@/components/app/button";
import { ErrorNotice, LoadingBlock } from "@/components/app/states";
import { useRealtimeEvent } from "@/components/realtime";
import type { AgentDto } from "@/lib/agents/schemas";
import { errorMessage } from "@/lib/client/api";
import {
  useConversation,
  useConversations,
  useCreateConversation,
  useSendMessage,
  useStopReply,
} from "@/lib/client/conversations";
import { isPending } from "@/lib/client/executions";
import { conversationKeys } from "@/lib/client/query-keys";
import type { EventPayload } from "@/lib/realtime/events";
import { Composer } from "./composer";
import { ConversationList } from "./conversation-list";
import { MessageList } from "./message-list";

function useLiveConversation(id: string | null) {
  const queryClient = useQueryClient();
  const onEvent = useCallback(
    (event: EventPayload<"execution_finished">) => {
      if (id && event.conversationId === id)
        void queryClient.invalidateQueries({ queryKey: conversationKeys.detail(id) });
    },
    [id, queryClient],
  );
  useRealtimeEvent("execution_started", onEvent);
  useRealtimeEvent("execution_finished", onEvent);
}

/** What is open: one conversation, a blank new one, or (until the person picks) the most recent. */
type Chosen = { id: string } | "new" | null;

export function ChatPanel({ agent }: { agent: AgentDto }) {
  const conversations = useConversations(agent.name);
  const [chosen, setChosen] = useState<Chosen>(null);
  const selectedId = chosen === "new" ? null : (chosen?.id ?? conversations.data?.[0]?.id ?? null);
  const setChosenId = (id: string) => setChosen({ id });
  const conversation = useConversation(selectedId);
  const create = useCreateConversation(agent.name);
  const send = useSendMessage(agent.name);
  const stop = useStopReply(agent.name);
  useLiveConversation(selectedId);

  async function onSend(message: string): Promise<boolean> {
    try {
      const conversationId = selectedId ?? (await create.mutateAsync()).id;
      setChosenId(conversationId);
      await send.mutateAsync({ conversationId, message });
      return true;
    } catch {
      return false;
    }
  }

  function startNew() {
    send.reset();
    stop.reset();
    setChosen("new");
  }

  const sendError = send.error ?? create.error ?? stop.error;
  const lastTurn = conversation.data?.executions.at(-1);
  const replying = Boolean(selectedId && lastTurn && isPending(lastTurn));
  // The next turn resumes the session the previous one leaves, so the server takes one turn at a time.
  const waitReason = replying ? `Waiting for ${agent.name} to reply… (Stop ends the reply)` : null;
  return (
    <div className="grid min-h-[32rem] overflow-hidden rounded-lg border border-slate-200 bg-white shadow-sm md:grid-cols-[18rem_1fr]">
      <aside
        aria-label="Conversations"
        className="flex flex-col border-b border-slate-200 bg-slate-50/60 md:border-r md:border-b-0"
      >
        <div className="flex items-center justify-between gap-2 border-b border-slate-200 px-3 py-2.5">
          <h2 className="text-sm font-semibold text-slate-900">Conversations</h2>
          <button type="button" className={`${buttonClass("secondary", "sm")} whitespace-nowrap`} onClick={startNew}>
            New conversation
          </button>
        </div>
        <div className="max-h-48 flex-1 overflow-y-auto md:max-h-none">
          {conversations.isPending ? (
            <div className="p-3">
              <LoadingBlock label="Loading conversations…" rows={2} />
            </div>
          ) : conversations.isError ? (
            <div className="p-3">
              <ErrorNotice
                title="Could not load conversations"
                error={conversations.error}
                retry={() => conversations.refetch()}
              />
            </div>
          ) : (
            <ConversationList
              agentName={agent.name}
              conversations={conversations.data}
              selectedId={selectedId}
              onSelect={(id) => {
                stop.reset();
                setChosenId(id);
              }}
              onDeleted={(id) => {
                if (id === selectedId) setChosen(null);
              }}
            />
          )}
        </div>
      </aside>

      <div className="flex min-h-0 flex-col">
        {agent.status === "stopped" && (
          <p className="border-b border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-800">
            {agent.name} is stopped; start it to get replies.
          </p>
        )}
        <div className="max-h-[60vh] min-h-72 flex-1 overflow-y-auto bg-slate-50/40">
          {selectedId && conversation.isPending ? (
            <div className="p-4">
              <LoadingBlock label="Loading messages…" rows={2} />
            </div>
          ) : conversation.isError ? (
            <div className="p-4">
              <ErrorNotice
                title="Could not load this conversation"
                error={conversation.error}
                retry={() => conversation.refetch()}
              />
            </div>
          ) : (
            <MessageList executions={conversation.data?.executions ?? []} agentName={agent.name} />
          )}
        </div>
        <Composer
          onSend={onSend}
          busy={send.isPending || create.isPending}
          error={sendError ? errorMessage(sendError) : null}
          placeholder={`Message ${agent.name}…`}
          waitReason={waitReason}
          agentName={agent.name}
          stop={replying && selectedId ? { onStop: () => stop.mutate(selectedId), busy: stop.isPending } : null}
        />
      </div>
    </div>
  );
}
