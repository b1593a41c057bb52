"use client";
// One run of a process: its state, who started it, its input, the live timeline of its steps, and Cancel for the
// person who started it, the process's creator and admins.
import Link from "next/link";
import { useState } from "react";
import { buttonClass } from "@/components/app/button";
import { ConfirmDialog } from "@/components/app/confirm-dialog";
import { PageHeader } from "@/components/app/page-header";
import { LoadingBlock } from "@/components/app/states";
import { Time } from "@/components/app/time";
import { useViewer } from "@/components/app/viewer";
import { errorMessage } from "@/lib/client/api";
import { isRunActive, useCancelRun, useProcess, useProcessRun } from "@/lib/client/processes";
import type { ProcessRunDto } from "@/lib/processes/schemas";
import { ProcessLoadError } from "./process-load-error";
import { RunTimeline } from "./run-timeline";
import { RunStatusBadge } from "./status-badges";
import { useLiveProcesses, useLiveRunExecutions } from "./use-live-processes";

function RunSummary({ run }: { run: ProcessRunDto }) {
  return (
    <>
      Started by {run.startedBy?.name ?? "someone no longer here"} <Time at={run.createdAt} past />
      {run.finishedAt && (
        <>
          {" "}
          · finished <Time at={run.finishedAt} past />
        </>
      )}
    </>
  );
}

function RunInput({ input }: { input: Record<string, unknown> }) {
  const entries = Object.entries(input);
  return (
    <section aria-labelledby="run-input-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <h2 id="run-input-heading" className="text-base font-semibold text-slate-900">
        Input
      </h2>
      {entries.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600">Started without input.</p>
      ) : (
        <dl className="mt-2 space-y-2 text-sm">
          {entries.map(([key, value]) => (
            <div key={key}>
              <dt className="font-mono text-xs text-slate-600">{key}</dt>
              <dd className="break-words whitespace-pre-wrap text-slate-800">
                {typeof value === "string" ? value : JSON.stringify(value)}
              </dd>
            </div>
          ))}
        </dl>
      )}
    </section>
  );
}

export function RunPage({ id }: { id: string }) {
  const viewer = useViewer();
  const run = useProcessRun(id);
  const process = useProcess(run.data?.processId ?? null);
  const cancel = useCancelRun();
  const [cancelling, setCancelling] = useState(false);
  useLiveProcesses();
  useLiveRunExecutions(run.data);

  if (run.isPending) return <LoadingBlock label="Loading run…" />;
  if (run.isError) return <ProcessLoadError what="run" error={run.error} retry={() => run.refetch()} />;

  const r = run.data;
  const mayCancel =
    viewer.role === "admin" || r.startedBy?.id === viewer.userId || process.data?.createdBy?.id === viewer.userId;
  return (
    <>
      <PageHeader
        title={`Run of ${r.processName}`}
        badge={<RunStatusBadge status={r.status} />}
        description={<RunSummary run={r} />}
        actions={
          <>
            <Link href={`/processes/${r.processId}`} className={buttonClass("secondary")}>
              Process
            </Link>
            {isRunActive(r.status) && mayCancel && (
              <button
                type="button"
                className={buttonClass("danger")}
                onClick={() => {
                  cancel.reset();
                  setCancelling(true);
                }}
              >
                Cancel run
              </button>
            )}
          </>
        }
      />
      {r.error && (
        <p role="status" className="mb-6 rounded-lg border border-rose-200 bg-rose-50 px-4 py-3 text-sm text-rose-800">
          <span className="font-medium">{r.status === "cancelled" ? "Cancelled: " : "Stopped: "}</span>
          {r.error}
        </p>
      )}
      <div className="grid gap-6 lg:grid-cols-3">
        <section aria-labelledby="run-steps-heading" className="min-w-0 space-y-3 lg:col-span-2">
          <h2 id="run-steps-heading" className="text-base font-semibold text-slate-900">
            Steps
          </h2>
          <RunTimeline run={r} />
        </section>
        <div>
          <RunInput input={r.input} />
        </div>
      </div>
      <ConfirmDialog
        open={cancelling}
        title="Cancel this run?"
        confirmLabel="Yes, cancel the run"
        busy={cancel.isPending}
        error={cancel.isError ? errorMessage(cancel.error) : null}
        onClose={() => setCancelling(false)}
        onConfirm={() => cancel.mutate(r.id, { onSuccess: () => setCancelling(false) })}
      >
        The step in progress stops: a running agent task is cancelled and a pending approval closes unanswered.
      </ConfirmDialog>
    </>
  );
}
