"use client";
// The agent page's Schedules tab: the agent's schedules, the form to add or change one, and one schedule's history.
import { useEffect, useRef, useState } from "react";
import { buttonClass } from "@/components/app/button";
import { ConfirmDialog } from "@/components/app/confirm-dialog";
import { EmptyState, ErrorNotice, LoadingBlock } from "@/components/app/states";
import { canManageAgent, useViewer } from "@/components/app/viewer";
import type { AgentDto } from "@/lib/agents/schemas";
import { errorMessage } from "@/lib/client/api";
import { useDeleteSchedule, useRunScheduleNow, useSchedules, useSetScheduleEnabled } from "@/lib/client/schedules";
import type { ScheduleDto } from "@/lib/schedules/schemas";
import { ScheduleCard } from "./schedule-card";
import { ScheduleChanges } from "./schedule-changes";
import { ScheduleForm } from "./schedule-form";
import { ScheduleHistory } from "./schedule-history";
import { useLiveSchedules } from "./use-live-schedules";

type Editing = null | "new" | string;

export function SchedulesPanel({ agent }: { agent: AgentDto }) {
  const viewer = useViewer();
  const canManage = canManageAgent(viewer, agent);
  const schedules = useSchedules(agent.name);
  const setEnabled = useSetScheduleEnabled(agent.name);
  const runNow = useRunScheduleNow(agent.name);
  const remove = useDeleteSchedule(agent.name);
  useLiveSchedules(agent.name);

  const [editing, setEditing] = useState<Editing>(null);
  const [historyId, setHistoryId] = useState<string | null>(null);
  const [latestRunId, setLatestRunId] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<ScheduleDto | null>(null);
  const [notice, setNotice] = useState("");
  const heading = useRef<HTMLHeadingElement>(null);
  const formWasOpen = useRef(false);

  // Closing the form removes the control that had focus; the list's heading takes it so the keyboard stays here.
  useEffect(() => {
    if (editing === null && formWasOpen.current) heading.current?.focus();
    formWasOpen.current = editing !== null;
  }, [editing]);

  if (schedules.isPending) return <LoadingBlock label="Loading schedules…" />;
  if (!schedules.data)
    return <ErrorNotice title="Could not load schedules" error={schedules.error} retry={() => schedules.refetch()} />;

  const list = schedules.data;
  const history = list.find((s) => s.id === historyId) ?? null;
  const edited = editing && editing !== "new" ? list.find((s) => s.id === editing) : undefined;

  if (editing === "new" || edited) {
    return (
      <ScheduleForm
        key={edited?.id ?? "new"}
        agent={agent}
        schedule={edited}
        onDone={(saved) => {
          setEditing(null);
          if (saved) {
            setHistoryId(saved.id);
            setNotice(`Schedule ${saved.name} ${edited ? "saved" : "created"}.`);
          }
        }}
      />
    );
  }

  function runScheduleNow(s: ScheduleDto) {
    setHistoryId(s.id);
    runNow.mutate(s.id, {
      onSuccess: (execution) => {
        setLatestRunId(execution.id);
        setNotice(`${s.name} started; the run is at the top of its history.`);
      },
    });
  }

  return (
    <div className="space-y-6">
      <section aria-labelledby="schedules-heading" className="space-y-3">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <div>
            <h2
              id="schedules-heading"
              ref={heading}
              tabIndex={-1}
              className="text-base font-semibold text-slate-900 focus:outline-none"
            >
              Schedules
            </h2>
            <p className="text-sm text-slate-500">
              Messages sent to {agent.name} at set times, on the clock of a time zone.
            </p>
          </div>
          {canManage && (
            <button type="button" className={buttonClass("primary")} onClick={() => setEditing("new")}>
              New schedule
            </button>
          )}
        </div>

        <p aria-live="polite" className="text-sm text-slate-600 empty:hidden">
          {notice}
        </p>
        {agent.status === "stopped" && list.some((s) => s.enabled) && (
          <p className="text-sm text-amber-700">
            This agent is stopped: its schedules' runs are recorded as skipped until it is started.
          </p>
        )}
        {setEnabled.isError && (
          <p role="alert" className="text-sm text-rose-700">
            {errorMessage(setEnabled.error)}
          </p>
        )}

        {list.length === 0 ? (
          <EmptyState title="No schedules yet">
            {canManage
              ? "Add one to send this agent a message every hour, each weekday morning, or whenever cron can say."
              : "Its owner or an admin can add schedules."}
          </EmptyState>
        ) : (
          <ul className="space-y-3">
            {list.map((s) => (
              <ScheduleCard
                key={s.id}
                schedule={s}
                canManage={canManage}
                selected={s.id === historyId}
                toggling={setEnabled.isPending && setEnabled.variables?.id === s.id}
                running={runNow.isPending && runNow.variables === s.id}
                runError={runNow.isError && runNow.variables === s.id ? runNow.error : null}
                onToggle={(enabled) => setEnabled.mutate({ id: s.id, enabled })}
                onRunNow={() => runScheduleNow(s)}
                onShowHistory={() => setHistoryId((current) => (current === s.id ? null : s.id))}
                onEdit={() => setEditing(s.id)}
                onDelete={() => {
                  remove.reset();
                  setDeleting(s);
                }}
              />
            ))}
          </ul>
        )}
      </section>

      {history && <ScheduleHistory key={history.id} schedule={history} highlightId={latestRunId} />}
      {history && <ScheduleChanges key={`changes-${history.id}`} agentName={agent.name} schedule={history} />}

      <ConfirmDialog
        open={deleting !== null}
        title={`Delete ${deleting?.name ?? "schedule"}?`}
        confirmLabel="Delete schedule"
        busy={remove.isPending}
        error={remove.isError ? errorMessage(remove.error) : null}
        onClose={() => setDeleting(null)}
        onConfirm={() =>
          deleting &&
          remove.mutate(deleting.id, {
            onSuccess: () => {
              setNotice(`Schedule ${deleting.name} deleted.`);
              setDeleting(null);
            },
          })
        }
      >
        It stops running at once. Its past runs stay in the agent&apos;s executions.
      </ConfirmDialog>
    </div>
  );
}
