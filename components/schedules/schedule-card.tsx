"use client";
// One schedule: on/off, when it runs (cron, its reading, the zone), its last and next run, Run now, and for its managers Edit and Delete.
import { buttonClass } from "@/components/app/button";
import { Time } from "@/components/app/time";
import { useClockText } from "@/components/app/use-now";
import { ExecutionStatusBadge } from "@/components/executions/execution-status-badge";
import { errorMessage } from "@/lib/client/api";
import type { ScheduleDto } from "@/lib/schedules/schemas";
import { needsSeconds } from "@/lib/time/format";
import { ControlButtons } from "./control-buttons";
import { EnableSwitch } from "./enable-switch";
import { PauseState } from "./pause-state";

interface ScheduleCardProps {
  schedule: ScheduleDto;
  canManage: boolean;
  selected: boolean;
  toggling: boolean;
  running: boolean;
  runError: unknown;
  onToggle: (enabled: boolean) => void;
  onRunNow: () => void;
  onShowHistory: () => void;
  onEdit: () => void;
  onDelete: () => void;
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="mt-0.5 text-sm text-slate-800">{children}</dd>
    </div>
  );
}

/** Visible text plus the schedule's name for screen readers, so "Edit" among many schedules says which. */
function Named({ text, name }: { text: string; name: string }) {
  return (
    <>
      {text}
      <span className="sr-only"> {name}</span>
    </>
  );
}

/** What Run Now does under the schedule's overlap policy, and why it cannot now. */
function runNowHint(s: ScheduleDto): { blocked: boolean; text: string } {
  if (s.overlapPolicy === "skip") {
    return s.activeRuns > 0
      ? {
          blocked: true,
          text: "Run now is skipped while a run is going (overlap: skip); it opens again when that run ends.",
        }
      : { blocked: false, text: "Runs the message now; skipped while a run is going (overlap: skip)." };
  }
  return s.overlapPolicy === "queue"
    ? { blocked: false, text: "Runs the message now; it waits while another run is going (overlap: queue)." }
    : { blocked: false, text: "Runs the message now, beside any run going (overlap: allow)." };
}

export function ScheduleCard(props: ScheduleCardProps) {
  const { schedule: s, canManage, selected } = props;
  const titleId = `schedule-${s.id}-title`;
  const hintId = `schedule-${s.id}-run-now-hint`;
  const hint = runNowHint(s);
  const seconds = needsSeconds(s.nextRuns, s.cron);
  // The next of its runs still ahead: between a run's time and the list's refresh, the one after it.
  const next = useClockText((now) => s.nextRuns.find((at) => Date.parse(at) > now) ?? s.nextRunAt ?? "") ?? s.nextRunAt;
  return (
    <li
      className={`rounded-lg border bg-white p-4 shadow-sm transition-colors ${selected ? "border-indigo-300 ring-1 ring-indigo-200" : "border-slate-200"}`}
    >
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h3 id={titleId} className="text-sm font-semibold text-slate-900">
            <button
              type="button"
              onClick={props.onShowHistory}
              className="rounded-sm text-left hover:text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-600"
            >
              {s.name}
            </button>
          </h3>
          {s.description && <p className="mt-0.5 text-sm text-slate-500">{s.description}</p>}
        </div>
        <EnableSwitch
          label={`Enabled ${s.name}`}
          checked={s.enabled}
          disabled={!canManage || props.toggling}
          onChange={props.onToggle}
        >
          {s.enabled ? "Enabled" : "Disabled"}
        </EnableSwitch>
      </div>

      <dl className="mt-3 grid gap-x-6 gap-y-3 sm:grid-cols-2 lg:grid-cols-4">
        <Fact label="Runs">
          <span className="block">{s.cronDescription || "—"}</span>
          <code className="text-xs text-slate-500">{s.cron}</code>
        </Fact>
        <Fact label="Time zone">
          <span className="font-mono text-xs">{s.timezone}</span>
        </Fact>
        <Fact label="Last run">
          <span className="flex flex-wrap items-center gap-1.5">
            {s.lastExecution && <ExecutionStatusBadge status={s.lastExecution.status} />}
            <Time at={s.lastRunAt} show="both" past timeZone={s.timezone} seconds={seconds} empty="Not run yet" />
          </span>
        </Fact>
        <Fact label="Next run">
          {s.enabled && !s.paused ? (
            <Time at={next || null} show="both" timeZone={s.timezone} seconds={seconds} empty="None: its end passed" />
          ) : (
            <span className="text-slate-500">{s.paused ? "Paused" : "Disabled"}</span>
          )}
        </Fact>
      </dl>
      <PauseState schedule={s} />

      <div className="mt-4 flex flex-wrap items-center gap-2">
        <button
          type="button"
          className={buttonClass("secondary", "sm")}
          disabled={props.running || hint.blocked}
          title={hint.text}
          aria-describedby={hintId}
          onClick={props.onRunNow}
        >
          {props.running ? "Starting…" : <Named text="Run now" name={s.name} />}
        </button>
        <button
          type="button"
          className={buttonClass("ghost", "sm")}
          aria-expanded={selected}
          aria-controls={selected ? "schedule-history" : undefined}
          onClick={props.onShowHistory}
        >
          <Named text="History" name={s.name} />
        </button>
        {canManage && (
          <>
            <button type="button" className={buttonClass("ghost", "sm")} onClick={props.onEdit}>
              <Named text="Edit" name={s.name} />
            </button>
            <button type="button" className={buttonClass("ghost", "sm")} onClick={props.onDelete}>
              <Named text="Delete" name={s.name} />
            </button>
            <ControlButtons schedule={s} />
          </>
        )}
        <span id={hintId} className={hint.blocked ? "text-sm text-amber-800" : "sr-only"}>
          {hint.text}
        </span>
        {props.runError != null && (
          <span role="alert" className="text-sm text-rose-700">
            {errorMessage(props.runError)}
          </span>
        )}
      </div>
    </li>
  );
}
