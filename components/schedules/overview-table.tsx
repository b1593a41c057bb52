"use client";
// Every schedule the viewer may see, as a table (cards on a phone): agent, name, reading, zone, next run, last status.
import Link from "next/link";
import { Badge } from "@/components/app/badge";
import { Time } from "@/components/app/time";
import { ExecutionStatusBadge } from "@/components/executions/execution-status-badge";
import type { ScheduleOverviewItem } from "@/lib/schedules/overview-schemas";

const th = "px-4 py-3";

export function OverviewTable({ schedules }: { schedules: ScheduleOverviewItem[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="card-table min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">Schedules</caption>
        <thead className="bg-slate-50 text-left text-xs font-medium tracking-wide text-slate-600 uppercase">
          <tr>
            <th scope="col" className={th}>
              Schedule
            </th>
            <th scope="col" className={th}>
              Agent
            </th>
            <th scope="col" className={th}>
              When
            </th>
            <th scope="col" className={th}>
              Time zone
            </th>
            <th scope="col" className={th}>
              Next run
            </th>
            <th scope="col" className={th}>
              Last run
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {schedules.map((s) => (
            <tr key={s.id} className="align-top">
              <th scope="row" className="px-4 py-3 text-left font-medium text-slate-900">
                {s.name}
                {!s.enabled && (
                  <span className="ml-2">
                    <Badge>Off</Badge>
                  </span>
                )}
              </th>
              <td data-label="Agent" className="px-4 py-3 whitespace-nowrap">
                <Link
                  href={`/agents/${encodeURIComponent(s.agentName)}`}
                  className="font-medium text-indigo-700 hover:text-indigo-900 hover:underline"
                >
                  {s.agentName}
                </Link>
              </td>
              <td data-label="When" className="px-4 py-3 text-slate-700">
                {s.cronDescription || s.cron}
                <span className="block font-mono text-xs text-slate-600">{s.cron}</span>
              </td>
              <td data-label="Time zone" className="px-4 py-3 whitespace-nowrap text-slate-700">
                {s.timezone}
              </td>
              <td data-label="Next run" className="px-4 py-3 text-slate-700">
                <Time at={s.nextRunAt} show="both" timeZone={s.timezone} short empty={s.enabled ? "—" : "Off"} />
              </td>
              <td data-label="Last run" className="px-4 py-3">
                {s.lastStatus ? (
                  <ExecutionStatusBadge status={s.lastStatus} />
                ) : (
                  <span className="text-slate-600">Never</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
