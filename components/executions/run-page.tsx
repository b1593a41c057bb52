"use client";
// One run of an agent: who and what started it, where it is, its transcript growing live, the response as Markdown,
// and Cancel while it is queued or running.
import Link from "next/link";
import { buttonClass } from "@/components/app/button";
import { PageHeader } from "@/components/app/page-header";
import { ErrorNotice, LoadingBlock } from "@/components/app/states";
import { Time } from "@/components/app/time";
import { MarkdownReply } from "@/components/chat/markdown-reply";
import { errorMessage } from "@/lib/client/api";
import { isPending, useCancelExecution, useExecution } from "@/lib/client/executions";
import { formatCost, formatDuration, formatTokens } from "@/lib/client/format";
import type { ExecutionDto } from "@/lib/executions/schemas";
import { ExecutionStatusBadge } from "./execution-status-badge";
import { FactList } from "./fact-list";
import { RunTranscript } from "./run-transcript";
import { useRunOutput } from "./use-run-output";

function Facts({ e }: { e: ExecutionDto }) {
  const facts: [string, React.ReactNode][] = [
    ["Trigger", e.trigger],
    ["Model", e.model ?? "—"],
    ["Queued", <Time key="q" at={e.createdAt} show="absolute" seconds />],
    ["Started", <Time key="s" at={e.startedAt} show="absolute" seconds />],
    ["Finished", <Time key="f" at={e.finishedAt} show="absolute" seconds />],
    ["Duration", formatDuration(e.durationMs)],
    ["Tokens in / out", `${formatTokens(e.inputTokens)} / ${formatTokens(e.outputTokens)}`],
    ["Cost", formatCost(e.costUsd)],
  ];
  return <FactList facts={facts} columns={4} />;
}

function Links({ e }: { e: ExecutionDto }) {
  return (
    <>
      {e.retryOfId && (
        <Link href={`/runs/${e.retryOfId}`} className={buttonClass("secondary")}>
          Previous attempt
        </Link>
      )}
      {e.scheduleId && (
        <Link href={`/agents/${e.agentName}?tab=schedules`} className={buttonClass("secondary")}>
          Schedule
        </Link>
      )}
      <Link href={`/agents/${e.agentName}`} className={buttonClass("secondary")}>
        Agent
      </Link>
    </>
  );
}

export function RunPage({ id }: { id: string }) {
  const execution = useExecution(id);
  const output = useRunOutput(execution.data);
  const cancel = useCancelExecution(execution.data?.agentName ?? "");

  if (execution.isPending) return <LoadingBlock label="Loading run…" />;
  if (execution.isError)
    return (
      <ErrorNotice title="This run could not be loaded" error={execution.error} retry={() => execution.refetch()} />
    );

  const e = execution.data;
  return (
    <>
      <PageHeader
        title={`Run of ${e.agentName}`}
        badge={<ExecutionStatusBadge status={e.status} />}
        description={
          <>
            {e.trigger} run{e.attempt > 1 ? `, attempt ${e.attempt}` : ""}, queued <Time at={e.createdAt} past />
          </>
        }
        actions={
          <>
            <Links e={e} />
            {isPending(e) && (
              <button
                type="button"
                className={buttonClass("danger")}
                disabled={cancel.isPending}
                onClick={() => cancel.mutate(e.id)}
              >
                {cancel.isPending ? "Cancelling…" : "Cancel run"}
              </button>
            )}
          </>
        }
      />
      {cancel.isError && (
        <p role="alert" className="mb-4 text-sm text-rose-700">
          {errorMessage(cancel.error)}
        </p>
      )}
      <div className="space-y-6">
        <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <h2 className="sr-only">Facts</h2>
          <Facts e={e} />
        </section>
        <section aria-labelledby="run-task-heading" className="space-y-2">
          <h2 id="run-task-heading" className="text-base font-semibold text-slate-900">
            Task
          </h2>
          <p className="text-sm whitespace-pre-wrap text-slate-800">{e.message}</p>
        </section>
        <section aria-labelledby="run-transcript-heading" className="space-y-2">
          <h2 id="run-transcript-heading" className="text-base font-semibold text-slate-900">
            Transcript
          </h2>
          {output.error ? (
            <ErrorNotice title="The transcript could not be loaded" error={output.error} />
          ) : output.isPending ? (
            <LoadingBlock label="Loading transcript…" />
          ) : (
            <RunTranscript entries={output.entries} running={isPending(e)} />
          )}
        </section>
        {e.error && (
          <p role="status" className="rounded-lg border border-rose-200 bg-rose-50 px-4 py-3 text-sm text-rose-800">
            {e.error}
          </p>
        )}
        {e.response && (
          <section aria-labelledby="run-response-heading" className="space-y-2">
            <h2 id="run-response-heading" className="text-base font-semibold text-slate-900">
              Response
            </h2>
            <div className="rounded-lg border border-slate-200 bg-white p-4">
              <MarkdownReply text={e.response} />
            </div>
          </section>
        )}
      </div>
    </>
  );
}
