// The audit log page's requests: the filtered list page by page, and the filters as they sit in the page's URL (the
// same names and values as GET /api/audit, so the export link, a reload and a shared address read them the same way).
import { useInfiniteQuery } from "@tanstack/react-query";
import { AuditFilters, type AuditPage } from "@/lib/audit/schemas";
import { apiFetch } from "./api";
import { auditKeys } from "./query-keys";

const PAGE_SIZE = 50;
const FILTER_KEYS = Object.keys(AuditFilters.shape) as (keyof AuditFilters)[];

/** The filters in a URL; a value that does not parse is left out rather than breaking the page. */
export function auditFiltersFrom(search: URLSearchParams): AuditFilters {
  const filters: Record<string, unknown> = {};
  for (const key of FILTER_KEYS) {
    const raw = search.get(key);
    if (raw === null) continue;
    const parsed = AuditFilters.shape[key].safeParse(raw);
    if (parsed.success && parsed.data !== undefined) filters[key] = parsed.data;
  }
  return filters as AuditFilters;
}

/** The filters as URL query parameters, in a fixed order so one view has one address. */
export function auditFiltersSearch(filters: AuditFilters): URLSearchParams {
  const search = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filters[key];
    if (value !== undefined && value !== "") search.set(key, value);
  }
  return search;
}

export function useAuditLog(filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: auditKeys.list(filters),
    queryFn: ({ signal, pageParam }) => {
      const search = auditFiltersSearch(filters);
      search.set("limit", String(PAGE_SIZE));
      if (pageParam) search.set("cursor", pageParam);
      return apiFetch<AuditPage>(`/api/audit?${search}`, { signal });
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}
