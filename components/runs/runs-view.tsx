"use client";
// The Runs view: every run the viewer may see, newest first. The filters are the page's query string (read with the
// same schema as GET /api/executions), so the export links, a reload and a shared address all show the same list.
import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { useState } from "react";
import { buttonClass } from "@/components/app/button";
import { LoadMore } from "@/components/app/load-more";
import { EmptyState, ErrorNotice, LoadingBlock } from "@/components/app/states";
import { useAgents } from "@/lib/client/agents";
import { runFiltersFrom, runFiltersSearch, useRerun, useRuns } from "@/lib/client/runs";
import { RUN_EXPORT_CAP, type RunDto, type RunFilters } from "@/lib/executions/schemas";
import { RunFiltersBar } from "./run-filters";
import { RunRow } from "./run-row";
import { useLiveRuns } from "./use-live-runs";

const COLUMNS = ["Status", "Run", "Agent", "From", "Created", "Duration"];

function ExportLinks({ search }: { search: URLSearchParams }) {
  const href = (format: string) => {
    const s = new URLSearchParams(search);
    s.set("format", format);
    return `/api/executions/export?${s}`;
  };
  return (
    <div className="flex items-center gap-2">
      <a href={href("csv")} download className={buttonClass("secondary", "sm")}>
        Export CSV
      </a>
      <a href={href("json")} download className={buttonClass("secondary", "sm")}>
        Export JSON
      </a>
    </div>
  );
}

function RerunNotice({ rerun }: { rerun: ReturnType<typeof useRerun> }) {
  return (
    <div aria-live="polite" className="text-sm">
      {rerun.isSuccess && (
        <p className="text-emerald-800">
          Re-run queued.{" "}
          <Link href={`/runs/${rerun.data.id}`} className="font-medium underline">
            Open the new run
          </Link>
        </p>
      )}
      {rerun.isError && <ErrorNotice title="Could not re-run" error={rerun.error} />}
    </div>
  );
}

export function RunsView() {
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const filters = runFiltersFrom(new URLSearchParams(searchParams.toString()));
  const search = runFiltersSearch(filters);
  const query = useRuns(filters);
  const rerun = useRerun();
  const [rerunningId, setRerunningId] = useState<string | null>(null);
  const agents = useAgents().data ?? [];
  const runs = query.data?.pages.flatMap((p) => p.runs) ?? [];
  useLiveRuns(agents.map((a) => a.name));

  // A history entry of its own, without a trip to the server (Next.js keeps useSearchParams in step with it): back
  // and forward step through the filters.
  const setFilters = (next: RunFilters) => {
    const qs = runFiltersSearch(next).toString();
    window.history.pushState(null, "", qs ? `${pathname}?${qs}` : pathname);
  };
  const onRerun = (run: RunDto) => {
    setRerunningId(run.id);
    rerun.mutate(run.id, { onSettled: () => setRerunningId(null) });
  };
  const filtered = search.size > 0;

  return (
    <div className="space-y-4">
      <RunFiltersBar filters={filters} onChange={setFilters} />
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-slate-600">
          Newest first.{filtered && " "}
          {filtered && (
            <Link href={pathname} className="text-indigo-700 underline">
              Clear the filters
            </Link>
          )}
        </p>
        <ExportLinks search={search} />
      </div>
      <p className="sr-only">Exports hold up to {RUN_EXPORT_CAP.toLocaleString("en")} runs.</p>
      <RerunNotice rerun={rerun} />

      {query.isPending ? (
        <LoadingBlock label="Loading runs…" />
      ) : !query.data ? (
        <ErrorNotice title="Could not load the runs" error={query.error} retry={() => query.refetch()} />
      ) : runs.length === 0 ? (
        <EmptyState title={filtered ? "No runs match these filters" : "No runs yet"}>
          {filtered
            ? "Change or clear the filters to see more."
            : "Runs of every agent show up here: tasks, schedules, playbooks, chats and process steps."}
        </EmptyState>
      ) : (
        <>
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
            <table className="card-table w-full text-left text-sm">
              <caption className="sr-only">Runs, newest first</caption>
              <thead className="border-b border-slate-200 bg-slate-50 text-xs text-slate-600">
                <tr>
                  {COLUMNS.map((c) => (
                    <th key={c} scope="col" className="px-4 py-2 font-medium">
                      {c}
                    </th>
                  ))}
                  <th scope="col" className="px-4 py-2">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {runs.map((run) => (
                  <RunRow key={run.id} run={run} onRerun={onRerun} rerunning={rerunningId === run.id} />
                ))}
              </tbody>
            </table>
          </div>
          {/* A failed refresh or "load more" keeps what is already shown. */}
          {query.isError && <ErrorNotice title="Could not refresh the runs" error={query.error} />}
          <LoadMore query={query} />
        </>
      )}
    </div>
  );
}
