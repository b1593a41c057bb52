// Delegation requests and their cache: hand one approval to someone, hand all of mine for a period, list and revoke.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { DelegationDto } from "@/lib/approvals/schemas";
import { apiFetch } from "./api";
import { approvalKeys } from "./approvals";

export const delegationKeys = {
  all: ["delegations"] as const,
  list: () => [...delegationKeys.all, "list"] as const,
};

export function useDelegations() {
  return useQuery({
    queryKey: delegationKeys.list(),
    queryFn: ({ signal }) =>
      apiFetch<{ given: DelegationDto[]; received: DelegationDto[] }>("/api/delegations", { signal }),
  });
}

function useDelegationMutation<V>(request: (vars: V) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: delegationKeys.all }),
        queryClient.invalidateQueries({ queryKey: approvalKeys.all }),
      ]),
  });
}

export const useDelegateApproval = () =>
  useDelegationMutation(({ id, to }: { id: string; to: string }) =>
    apiFetch<{ delegation: DelegationDto }>(`/api/approvals/${encodeURIComponent(id)}/delegate`, {
      method: "POST",
      body: { to },
    }),
  );

export const useCreateDelegation = () =>
  useDelegationMutation((body: { to: string; startsAt?: string; endsAt: string }) =>
    apiFetch<{ delegation: DelegationDto }>("/api/delegations", { method: "POST", body }),
  );

export const useRevokeDelegation = () =>
  useDelegationMutation((id: string) =>
    apiFetch<{ delegation: DelegationDto }>(`/api/delegations/${encodeURIComponent(id)}`, { method: "DELETE" }),
  );
