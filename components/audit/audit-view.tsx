"use client";
// The audit log: who changed what, when and from where, newest first. The filters are the page's query string (read
// with the same schema as GET /api/audit), so the export link, a reload and a shared address show the same list.
// Admins see every entry; anyone else only the entries about agents they own.
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { buttonClass } from "@/components/app/button";
import { LoadMore } from "@/components/app/load-more";
import { EmptyState, ErrorNotice, LoadingBlock } from "@/components/app/states";
import { Time } from "@/components/app/time";
import { AUDIT_EXPORT_CAP, type AuditEntryDto, type AuditFilters } from "@/lib/audit/schemas";
import { auditFiltersFrom, auditFiltersSearch, useAuditLog } from "@/lib/client/audit";
import { AuditChanges } from "./audit-changes";
import { AuditFiltersBar } from "./audit-filters";

const COLUMNS = ["When", "Who", "Action", "Target", "Changes"];

function EntryRow({ entry }: { entry: AuditEntryDto }) {
  return (
    <tr className="align-top">
      <td data-label="When" className="whitespace-nowrap px-4 py-2 text-slate-700">
        <Time at={entry.createdAt} past />
      </td>
      <td data-label="Who" className="px-4 py-2">
        <div className="break-words text-slate-900">{entry.actor.label}</div>
        {entry.ip && <div className="font-mono text-xs text-slate-600">{entry.ip}</div>}
      </td>
      <td data-label="Action" className="px-4 py-2">
        <span className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-800">{entry.action}</span>
      </td>
      <td data-label="Target" className="px-4 py-2">
        <div className="break-words text-slate-900">{entry.target.label ?? entry.target.id ?? entry.target.type}</div>
        <div className="text-xs text-slate-600">
          {entry.target.type}
          {entry.agent && (
            <>
              {" · agent "}
              <Link href={`/agents/${encodeURIComponent(entry.agent.name)}`} className="text-indigo-700 underline">
                {entry.agent.name}
              </Link>
            </>
          )}
        </div>
      </td>
      <td data-label="Changes" className="px-4 py-2">
        <AuditChanges entry={entry} />
      </td>
    </tr>
  );
}

export function AuditView({ isAdmin }: { isAdmin: boolean }) {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const filters = auditFiltersFrom(new URLSearchParams(searchParams.toString()));
  const search = auditFiltersSearch(filters);
  const query = useAuditLog(filters);
  const entries = query.data?.pages.flatMap((p) => p.entries) ?? [];
  const filtered = search.size > 0;

  const setFilters = (next: AuditFilters) => {
    const qs = auditFiltersSearch(next).toString();
    window.history.pushState(null, "", qs ? `${pathname}?${qs}` : pathname);
  };
  const exportSearch = new URLSearchParams(search);
  exportSearch.set("format", "csv");

  return (
    <div className="space-y-4">
      <AuditFiltersBar filters={filters} onChange={setFilters} />
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-slate-600">
          {isAdmin ? "Every change, newest first." : "Changes to the agents you own, newest first."}
          {filtered && " "}
          {filtered && (
            <Link href={pathname} className="text-indigo-700 underline">
              Clear the filters
            </Link>
          )}
        </p>
        <a href={`/api/audit/export?${exportSearch}`} download className={buttonClass("secondary", "sm")}>
          Export CSV
        </a>
      </div>
      <p className="sr-only">The export holds up to {AUDIT_EXPORT_CAP.toLocaleString("en")} entries.</p>

      {query.isPending ? (
        <LoadingBlock label="Loading the audit log…" />
      ) : !query.data ? (
        <ErrorNotice title="Could not load the audit log" error={query.error} retry={() => query.refetch()} />
      ) : entries.length === 0 ? (
        <EmptyState title={filtered ? "No entries match these filters" : "No entries yet"}>
          {filtered
            ? "Change or clear the filters to see more."
            : isAdmin
              ? "Changes to schedules, agents, skills, settings, tokens and people, and approval decisions, show up here."
              : "You see the changes made to agents you own. You own no agent with recorded changes yet; the rest of the log is for admins."}
        </EmptyState>
      ) : (
        <>
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
            <table className="card-table w-full text-left text-sm">
              <caption className="sr-only">Audit log, newest first</caption>
              <thead className="border-b border-slate-200 bg-slate-50 text-xs text-slate-600">
                <tr>
                  {COLUMNS.map((c) => (
                    <th key={c} scope="col" className="px-4 py-2 font-medium">
                      {c}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {entries.map((entry) => (
                  <EntryRow key={entry.id} entry={entry} />
                ))}
              </tbody>
            </table>
          </div>
          {query.isError && <ErrorNotice title="Could not refresh the audit log" error={query.error} />}
          <LoadMore query={query} />
        </>
      )}
    </div>
  );
}
