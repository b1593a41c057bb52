// Approval requests and the hooks that cache them: the inbox by status (with the count the nav badge shows), one
// approval, and deciding.
import { infiniteQueryOptions, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ApprovalDto, ApprovalListQuery, DecideInput } from "@/lib/processes/schemas";
import { apiFetch } from "./api";
import { processKeys } from "./processes";

type ApprovalFilter = ApprovalListQuery["status"];

const PAGE_SIZE = 50;

export interface ApprovalList {
  approvals: ApprovalDto[];
  /** the cursor of the next page, null on the last one */
  nextCursor: string | null;
  /** pending approvals the signed-in person may decide now */
  pendingCount: number;
}

export const approvalKeys = {
  all: ["approvals"] as const,
  list: (status: ApprovalFilter) => [...approvalKeys.all, "list", status] as const,
  detail: (id: string) => [...approvalKeys.all, "detail", id] as const,
};

const approvalPath = (id: string) => `/api/approvals/${encodeURIComponent(id)}`;

const approvalsQuery = (status: ApprovalFilter) =>
  infiniteQueryOptions({
    queryKey: approvalKeys.list(status),
    queryFn: ({ signal, pageParam }) => {
      const search = new URLSearchParams({ status, limit: String(PAGE_SIZE) });
      if (pageParam) search.set("cursor", pageParam);
      return apiFetch<ApprovalList>(`/api/approvals?${search}`, { signal });
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });

/** The inbox, page by page. */
export function useApprovals(status: ApprovalFilter) {
  return useInfiniteQuery(approvalsQuery(status));
}

/** The nav badge: the same request as the Pending inbox, so one answer serves both. */
export function usePendingApprovalCount(): number | undefined {
  return useInfiniteQuery({ ...approvalsQuery("pending"), select: (data) => data.pages[0]?.pendingCount }).data;
}

export function useApproval(id: string) {
  return useQuery({
    queryKey: approvalKeys.detail(id),
    queryFn: ({ signal }) => apiFetch<{ approval: ApprovalDto }>(approvalPath(id), { signal }).then((r) => r.approval),
  });
}

export function useDecideApproval() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: DecideInput }) =>
      apiFetch<{ approval: ApprovalDto }>(`${approvalPath(id)}/decide`, { method: "POST", body }).then(
        (r) => r.approval,
      ),
    onSuccess: (approval) => {
      queryClient.setQueryData(approvalKeys.detail(approval.id), approval);
      void queryClient.invalidateQueries({ queryKey: processKeys.run(approval.runId) });
      return queryClient.invalidateQueries({ queryKey: approvalKeys.all });
    },
  });
}
