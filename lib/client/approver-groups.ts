// Approver group requests and their cache (admins edit; everyone signed in may read).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ApproverGroupDto } from "@/lib/approvals/schemas";
import { apiFetch } from "./api";

export const approverGroupKeys = {
  all: ["approver-groups"] as const,
  list: () => [...approverGroupKeys.all, "list"] as const,
};

export function useApproverGroups() {
  return useQuery({
    queryKey: approverGroupKeys.list(),
    queryFn: ({ signal }) =>
      apiFetch<{ groups: ApproverGroupDto[] }>("/api/approver-groups", { signal }).then((r) => r.groups),
  });
}

function useGroupMutation<V>(request: (vars: V) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: approverGroupKeys.all }),
  });
}

const groupPath = (name: string) => `/api/approver-groups/${encodeURIComponent(name)}`;

export const useCreateApproverGroup = () =>
  useGroupMutation((body: { name: string; description?: string; members: string[] }) =>
    apiFetch<{ group: ApproverGroupDto }>("/api/approver-groups", { method: "POST", body }),
  );

export const useUpdateApproverGroup = () =>
  useGroupMutation(({ name, ...body }: { name: string; description?: string; members?: string[] }) =>
    apiFetch<{ group: ApproverGroupDto }>(groupPath(name), { method: "PUT", body }),
  );

export const useDeleteApproverGroup = () =>
  useGroupMutation((name: string) => apiFetch<null>(groupPath(name), { method: "DELETE" }));
