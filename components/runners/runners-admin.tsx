"use client";
// The runners screen (admins): the scheduler's state and every worker, refreshed every few seconds.
import { EmptyState, ErrorNotice, LoadingBlock } from "@/components/app/states";
import { useSchedulerStatus } from "@/lib/client/runners";
import { formatSpan } from "@/lib/time/format";
import { RunnersTable } from "./runners-table";
import { SchedulerSummary } from "./scheduler-summary";

export function RunnersAdmin() {
  const status = useSchedulerStatus();
  if (status.isPending) return <LoadingBlock label="Loading workers…" />;
  if (status.isError && !status.data)
    return <ErrorNotice title="Could not load workers" error={status.error} retry={() => status.refetch()} />;
  const { workers, checkedAt, downAfterMs } = status.data!;
  // Ages count by the server's clock as of its answer, moved on by the viewer's since then.
  const clockOffsetMs = Date.parse(checkedAt) - status.dataUpdatedAt;
  return (
    <div className="space-y-4">
      <SchedulerSummary status={status.data!} clockOffsetMs={clockOffsetMs} />
      {status.isError ? <ErrorNotice title="Could not refresh; showing the last answer" error={status.error} /> : null}
      {workers.length === 0 ? (
        <EmptyState title="No workers">
          No worker process has registered in the last day. Start one with <code>npm start</code> or{" "}
          <code>npm run worker</code>.
        </EmptyState>
      ) : (
        <RunnersTable workers={workers} clockOffsetMs={clockOffsetMs} />
      )}
      <p className="text-xs text-slate-600">
        A worker counts as down when it has sent no heartbeat for {formatSpan(downAfterMs)}; it is no longer listed a
        day after its last sign of life.
      </p>
    </div>
  );
}
