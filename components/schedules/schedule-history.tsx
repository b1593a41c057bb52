"use client";
import { Fragment, useState } from "react";
import { ExpandChevron } from "@/components/app/expand-chevron";
import { LoadMore } from "@/components/app/load-more";
import { EmptyState, ErrorNotice, LoadingBlock } from "@/components/app/states";
import { Time } from "@/components/app/time";
// One schedule's runs, newest first: a table filterable by status, a page at a time, rows open for the full record;
// above it, duration and cost over time. New runs arrive through the live room (see use-live-schedules).
import { useToggleSet } from "@/components/app/use-toggle-set";
import { ExecutionDetails } from "@/components/executions/execution-details";
import { ExecutionStatusBadge, executionStatusLabel } from "@/components/executions/execution-status-badge";
import { StatusFilter } from "@/components/executions/status-filter";
import { formatCost, formatDuration } from "@/lib/client/format";
import { useScheduleExecutions } from "@/lib/client/schedules";
import type { ExecutionDto, ExecutionStatus } from "@/lib/executions/schemas";
import type { ScheduleDto } from "@/lib/schedules/schemas";
import { formatAbsolute } from "@/lib/time/format";
import { HistoryChart } from "./history-chart";

const COLUMNS = ["Status", "Trigger", "Started", "Duration", "Cost", "Model"];

function triggerLabel(e: ExecutionDto): string {
  const base = e.trigger === "manual" ? "Run now" : e.trigger === "schedule" ? "Schedule" : e.trigger;
  return e.attempt > 1 ? `${base}, retry ${e.attempt - 1}` : base;
}

interface RowProps {
  execution: ExecutionDto;
  timeZone: string;
  expanded: boolean;
  highlighted: boolean;
  onToggle: () => void;
}

function HistoryRow({ execution: e, timeZone, expanded, highlighted, onToggle }: RowProps) {
  const detailsId = `schedule-run-${e.id}`;
  const started = e.startedAt ?? e.createdAt;
  return (
    <Fragment>
      {/* The whole row opens the record on click; the button in it does the same for the keyboard. */}
      <tr onClick={onToggle} className={`cursor-pointer hover:bg-slate-50 ${highlighted ? "bg-indigo-50/60" : ""}`}>
        <td data-label="Status" className="px-4 py-2.5">
          <ExecutionStatusBadge status={e.status} />
        </td>
        <td data-label="Trigger" className="px-4 py-2.5 text-slate-600">
          {triggerLabel(e)}
        </td>
        <td data-label="Started" className="px-4 py-2.5 whitespace-nowrap text-slate-600">
          <Time at={started} past timeZone={timeZone} />
        </td>
        <td data-label="Duration" className="px-4 py-2.5 text-right tabular-nums">
          {formatDuration(e.durationMs)}
        </td>
        <td data-label="Cost" className="px-4 py-2.5 text-right tabular-nums">
          {formatCost(e.costUsd)}
        </td>
        <td data-label="Model" className="px-4 py-2.5 font-mono text-xs text-slate-600">
          {e.model ?? "—"}
        </td>
        <td className="px-2 py-2.5 text-right">
          <button
            type="button"
            aria-expanded={expanded}
            aria-controls={detailsId}
            onClick={(event) => {
              event.stopPropagation();
              onToggle();
            }}
            className="rounded-sm px-1 text-slate-600 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600"
          >
            <span className="sr-only">
              Details of the {executionStatusLabel(e.status).toLowerCase()} run from{" "}
              {formatAbsolute(started, { timeZone, seconds: true })}
            </span>
            <ExpandChevron open={expanded} />
          </button>
        </td>
      </tr>
      <tr id={detailsId} hidden={!expanded}>
        <td colSpan={COLUMNS.length + 1} className="p-0">
          {expanded && <ExecutionDetails execution={e} />}
        </td>
      </tr>
    </Fragment>
  );
}

export function ScheduleHistory({ schedule, highlightId }: { schedule: ScheduleDto; highlightId?: string | null }) {
  const [status, setStatus] = useState<ExecutionStatus | "">("");
  const { open: expanded, toggle } = useToggleSet();
  const query = useScheduleExecutions(schedule.agentName, schedule.id, status ? { status } : {});
  const executions = query.data?.pages.flatMap((p) => p.executions) ?? [];
  const filterId = "schedule-history-status";

  return (
    <section id="schedule-history" aria-labelledby="schedule-history-heading" className="space-y-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h2 id="schedule-history-heading" className="text-base font-semibold text-slate-900">
          History of {schedule.name}
        </h2>
        <StatusFilter id={filterId} label="Status" value={status} onChange={setStatus} />
      </div>

      {query.isPending ? (
        <LoadingBlock label="Loading runs…" />
      ) : !query.data ? (
        <ErrorNotice title="Could not load the runs" error={query.error} retry={() => query.refetch()} />
      ) : executions.length === 0 ? (
        <EmptyState title={status ? `No ${executionStatusLabel(status).toLowerCase()} runs` : "No runs yet"}>
          {status
            ? "Choose another status to see more."
            : "Runs show up here as they start, whether on time or by Run now."}
        </EmptyState>
      ) : (
        <>
          <HistoryChart executions={executions} timeZone={schedule.timezone} />
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
            <table className="card-table w-full text-left text-sm">
              <caption className="sr-only">Runs of {schedule.name}, newest first</caption>
              <thead className="border-b border-slate-200 bg-slate-50 text-xs text-slate-600">
                <tr>
                  {COLUMNS.map((c) => (
                    <th
                      key={c}
                      scope="col"
                      className={`px-4 py-2 font-medium ${c === "Duration" || c === "Cost" ? "text-right" : ""}`}
                    >
                      {c}
                    </th>
                  ))}
                  <th scope="col" className="px-2 py-2">
                    <span className="sr-only">Details</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {executions.map((e) => (
                  <HistoryRow
                    key={e.id}
                    execution={e}
                    timeZone={schedule.timezone}
                    expanded={expanded.has(e.id)}
                    highlighted={e.id === highlightId}
                    onToggle={() => toggle(e.id)}
                  />
                ))}
              </tbody>
            </table>
          </div>
          {/* A failed refresh or "load more" keeps what is already shown. */}
          {query.isError && <ErrorNotice title="Could not refresh the runs" error={query.error} />}
          <LoadMore query={query} />
        </>
      )}
    </section>
  );
}
