"use client";
// The schedule's Changes list: who changed it, how and when, newest first.
import { ErrorNotice, LoadingBlock } from "@/components/app/states";
import { Time } from "@/components/app/time";
import { useScheduleChanges } from "@/lib/client/schedules";
import type { ScheduleChangeAction, ScheduleChangeDto, ScheduleDto } from "@/lib/schedules/schemas";

const ACTION_TEXT: Record<ScheduleChangeAction, string> = {
  created: "Created",
  updated: "Edited",
  paused: "Paused",
  resumed: "Resumed",
  auto_paused: "Auto-paused",
  enabled: "Enabled",
  disabled: "Disabled",
  backfilled: "Backfilled",
  run_now: "Run now",
};

/** The change's details in a few words. */
function detailText(c: ScheduleChangeDto): string {
  const d = c.details;
  if (c.action === "updated" && d.fields && typeof d.fields === "object") return Object.keys(d.fields).join(", ");
  if (c.action === "paused") return typeof d.note === "string" && d.note ? d.note : "";
  if (c.action === "auto_paused") return typeof d.reason === "string" ? d.reason : "";
  if (c.action === "resumed") return d.automatic ? "at its resume time" : "";
  if (c.action === "backfilled") return `${d.queued ?? 0} queued, ${d.skipped ?? 0} skipped`;
  return "";
}

export function ScheduleChanges({ agentName, schedule }: { agentName: string; schedule: ScheduleDto }) {
  const changes = useScheduleChanges(agentName, schedule.id);
  const headingId = `schedule-changes-${schedule.id}`;
  return (
    <section aria-labelledby={headingId} className="space-y-3">
      <h2 id={headingId} className="text-base font-semibold text-slate-900">
        Changes to {schedule.name}
      </h2>
      {changes.isPending ? (
        <LoadingBlock label="Loading changes…" />
      ) : !changes.data ? (
        <ErrorNotice title="Could not load the changes" error={changes.error} retry={() => changes.refetch()} />
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
          <table className="card-table w-full text-left text-sm">
            <caption className="sr-only">Changes to {schedule.name}, newest first</caption>
            <thead className="border-b border-slate-200 bg-slate-50 text-xs text-slate-600">
              <tr>
                <th scope="col" className="px-4 py-2 font-medium">
                  When
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  Who
                </th>
                <th scope="col" className="px-4 py-2 font-medium">
                  What
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {changes.data.map((c) => (
                <tr key={c.id}>
                  <td data-label="When" className="px-4 py-2">
                    <Time at={c.at} past />
                  </td>
                  <td data-label="Who" className="px-4 py-2">
                    {c.user?.name ?? "Cadre"}
                  </td>
                  <td data-label="What" className="px-4 py-2">
                    {ACTION_TEXT[c.action] ?? c.action}
                    {detailText(c) && <span className="text-slate-600">: {detailText(c)}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
