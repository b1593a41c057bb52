"use client";
// Every process with its steps and its last run; live as runs start and end.
import Link from "next/link";
import { buttonClass } from "@/components/app/button";
import { EmptyState, ErrorNotice, LoadingBlock } from "@/components/app/states";
import { Time } from "@/components/app/time";
import { useProcesses } from "@/lib/client/processes";
import type { ProcessDto } from "@/lib/processes/schemas";
import { RunStatusBadge } from "./status-badges";
import { StepChips } from "./step-chips";
import { useLiveProcesses } from "./use-live-processes";

export function NewProcessLink() {
  return (
    <Link href="/processes/new" className={buttonClass("primary")}>
      New process
    </Link>
  );
}

function ProcessRow({ process: p }: { process: ProcessDto }) {
  return (
    <tr className="align-top hover:bg-slate-50/60">
      <td className="max-w-sm px-4 py-3">
        <Link
          href={`/processes/${p.id}`}
          className="font-mono font-medium text-indigo-700 hover:text-indigo-900 hover:underline"
        >
          {p.name}
        </Link>
        {p.description && <p className="mt-0.5 line-clamp-2 text-slate-600">{p.description}</p>}
      </td>
      <td data-label="Steps" className="px-4 py-3">
        <StepChips steps={p.steps} />
      </td>
      <td data-label="Last run" className="px-4 py-3 whitespace-nowrap">
        {p.lastRun ? (
          <Link
            href={`/process-runs/${p.lastRun.id}`}
            className="inline-flex flex-col gap-1 rounded-sm hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600"
          >
            <RunStatusBadge status={p.lastRun.status} />
            <Time at={p.lastRun.createdAt} past className="text-xs text-slate-600" />
          </Link>
        ) : (
          <span className="text-slate-600">Never run</span>
        )}
      </td>
      <td data-label="Made by" className="px-4 py-3 whitespace-nowrap text-slate-600">
        {p.createdBy?.name ?? "—"}
      </td>
      <td data-label="Updated" className="px-4 py-3 whitespace-nowrap text-slate-600">
        <Time at={p.updatedAt} past />
      </td>
    </tr>
  );
}

export function ProcessesList() {
  const processes = useProcesses();
  useLiveProcesses();
  if (processes.isPending) return <LoadingBlock label="Loading processes…" />;
  if (processes.isError)
    return (
      <ErrorNotice title="Could not load the processes" error={processes.error} retry={() => processes.refetch()} />
    );
  if (processes.data.length === 0) {
    return (
      <EmptyState title="No processes yet" action={<NewProcessLink />}>
        A process runs agent tasks in order and stops for a person&apos;s approval where you say. Write one in YAML to
        begin.
      </EmptyState>
    );
  }
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="card-table min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">Processes</caption>
        <thead className="bg-slate-50 text-left text-xs font-medium tracking-wide text-slate-600 uppercase">
          <tr>
            <th scope="col" className="px-4 py-3">
              Process
            </th>
            <th scope="col" className="px-4 py-3">
              Steps
            </th>
            <th scope="col" className="px-4 py-3">
              Last run
            </th>
            <th scope="col" className="px-4 py-3">
              Made by
            </th>
            <th scope="col" className="px-4 py-3">
              Updated
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {processes.data.map((p) => (
            <ProcessRow key={p.id} process={p} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
