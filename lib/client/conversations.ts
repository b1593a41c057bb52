// Chat requests: the caller's conversations with an agent, one conversation's turns, and sending a message.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ConversationDto, ExecutionDto } from "@/lib/executions/schemas";
import { apiFetch } from "./api";
import { isPending } from "./executions";
import { agentKeys, conversationKeys } from "./query-keys";

const FALLBACK_REFRESH_MS = 5000;

export interface ConversationDetail {
  conversation: ConversationDto;
  /** oldest first; each one is a user message and the agent's reply */
  executions: ExecutionDto[];
}

export function useConversations(agentName: string) {
  return useQuery({
    queryKey: conversationKeys.list(agentName),
    queryFn: ({ signal }) =>
      apiFetch<{ conversations: ConversationDto[] }>(`/api/agents/${encodeURIComponent(agentName)}/conversations`, {
        signal,
      }).then((r) => r.conversations),
  });
}

export function useConversation(id: string | null) {
  return useQuery({
    queryKey: conversationKeys.detail(id ?? ""),
    queryFn: ({ signal }) => apiFetch<ConversationDetail>(`/api/conversations/${id}`, { signal }),
    enabled: id !== null,
    refetchInterval: (q) => (q.state.data?.executions.some(isPending) ? FALLBACK_REFRESH_MS : false),
  });
}

export function useCreateConversation(agentName: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      apiFetch<{ conversation: ConversationDto }>(`/api/agents/${encodeURIComponent(agentName)}/conversations`, {
        method: "POST",
      }).then((r) => r.conversation),
    onSuccess: (conversation) => {
      queryClient.setQueryData(conversationKeys.detail(conversation.id), {
        conversation,
        executions: [],
      } satisfies ConversationDetail);
      return queryClient.invalidateQueries({ queryKey: conversationKeys.list(agentName) });
    },
  });
}

export function useSendMessage(agentName: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ conversationId, message }: { conversationId: string; message: string }) =>
      apiFetch<{ execution: ExecutionDto }>(`/api/conversations/${conversationId}/messages`, {
        method: "POST",
        body: { message },
      }).then((r) => r.execution),
    onSuccess: (execution, { conversationId }) => {
      // Show the turn at once; the refetch below and the live events fill in the reply.
      queryClient.setQueryData<ConversationDetail>(conversationKeys.detail(conversationId), (old) =>
        old && !old.executions.some((e) => e.id === execution.id)
          ? { ...old, executions: [...old.executions, execution] }
          : old,
      );
      void queryClient.invalidateQueries({ queryKey: conversationKeys.list(agentName) });
      void queryClient.invalidateQueries({ queryKey: agentKeys.executions(agentName) });
      return queryClient.invalidateQueries({ queryKey: conversationKeys.detail(conversationId) });
    },
  });
}

export function useRenameConversation(agentName: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, title }: { id: string; title: string | null }) =>
      apiFetch<{ conversation: ConversationDto }>(`/api/conversations/${id}`, {
        method: "PATCH",
        body: { title },
      }).then((r) => r.conversation),
    onSuccess: (conversation) => {
      queryClient.setQueryData<ConversationDetail>(conversationKeys.detail(conversation.id), (old) =>
        old ? { ...old, conversation } : old,
      );
      return queryClient.invalidateQueries({ queryKey: conversationKeys.list(agentName) });
    },
  });
}

export function useDeleteConversation(agentName: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<void>(`/api/conversations/${id}`, { method: "DELETE" }),
    onSuccess: (_, id) => {
      queryClient.removeQueries({ queryKey: conversationKeys.detail(id) });
      void queryClient.invalidateQueries({ queryKey: agentKeys.executions(agentName) });
      return queryClient.invalidateQueries({ queryKey: conversationKeys.list(agentName) });
    },
  });
}

/** Stops the reply being written in the conversation; the turn comes back recorded as cancelled. */
export function useStopReply(agentName: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (conversationId: string) =>
      apiFetch<{ execution: ExecutionDto }>(`/api/conversations/${conversationId}/stop`, { method: "POST" }).then(
        (r) => r.execution,
      ),
    onSettled: (_data, _error, conversationId) => {
      void queryClient.invalidateQueries({ queryKey: agentKeys.executions(agentName) });
      return queryClient.invalidateQueries({ queryKey: conversationKeys.detail(conversationId) });
    },
  });
}
