"use client";
// A process's runs, newest first, each a link to its timeline; live through process_run_changed.
import Link from "next/link";
import { EmptyState, ErrorNotice, LoadingBlock } from "@/components/app/states";
import { Time } from "@/components/app/time";
import { useProcessRuns } from "@/lib/client/processes";
import { RunStatusBadge } from "./status-badges";

export function ProcessRunsList({ processId }: { processId: string }) {
  const runs = useProcessRuns(processId);
  return (
    <section aria-labelledby="process-runs-heading" className="space-y-3">
      <h2 id="process-runs-heading" className="text-base font-semibold text-slate-900">
        Runs
      </h2>
      {runs.isPending ? (
        <LoadingBlock label="Loading runs…" rows={2} />
      ) : runs.isError ? (
        <ErrorNotice title="Could not load the runs" error={runs.error} retry={() => runs.refetch()} />
      ) : runs.data.length === 0 ? (
        <EmptyState title="No runs yet">Start one above; its steps show here as they go.</EmptyState>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white shadow-sm">
          {runs.data.map((run) => (
            <li key={run.id}>
              <Link
                href={`/process-runs/${run.id}`}
                className="flex flex-wrap items-center justify-between gap-2 px-4 py-3 text-sm hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-indigo-600"
              >
                <span className="flex min-w-0 flex-col">
                  <span className="font-medium text-slate-900">
                    <Time at={run.createdAt} past prefix="Started" />
                  </span>
                  <span className="truncate text-xs text-slate-600">
                    by {run.startedBy?.name ?? "someone no longer here"}
                  </span>
                </span>
                <RunStatusBadge status={run.status} />
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
