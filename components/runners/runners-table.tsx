// Every worker process in one table: where it runs, what it runs, since when, its last heartbeat and its state.
import { Badge } from "@/components/app/badge";
import { Time } from "@/components/app/time";
import type { RunnerDto } from "@/lib/runners/schemas";
import { RunnerStateBadge } from "./runner-state-badge";
import { RunnerStats } from "./runner-stats";

interface RunnersTableProps {
  workers: RunnerDto[];
  /** the server's clock minus the viewer's: ages count by the server's clock, so a viewer's clock that is off does not skew them */
  clockOffsetMs: number;
}

export function RunnersTable({ workers, clockOffsetMs }: RunnersTableProps) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="card-table min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">Workers, running ones first</caption>
        <thead className="bg-slate-50 text-left text-xs font-medium tracking-wide text-slate-600 uppercase">
          <tr>
            <th scope="col" className="px-4 py-3">
              Worker
            </th>
            <th scope="col" className="px-4 py-3">
              Host
            </th>
            <th scope="col" className="px-4 py-3">
              Parts
            </th>
            <th scope="col" className="px-4 py-3">
              State
            </th>
            <th scope="col" className="px-4 py-3">
              Started
            </th>
            <th scope="col" className="px-4 py-3">
              Last heartbeat
            </th>
            <th scope="col" className="px-4 py-3">
              Stats
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {workers.map((w) => (
            <tr key={w.id} className={`align-top ${w.state === "stopped" ? "text-slate-600" : ""}`}>
              <th scope="row" className="px-4 py-3 text-left font-normal">
                <span className="font-medium text-slate-900">{w.name}</span>
                <p className="mt-0.5 font-mono text-xs whitespace-nowrap text-slate-600">{w.id}</p>
              </th>
              <td data-label="Host" className="px-4 py-3 whitespace-nowrap">
                {w.host}
                <span className="text-slate-600"> · pid {w.pid}</span>
              </td>
              <td data-label="Parts" className="px-4 py-3">
                <ul aria-label={`Parts of ${w.name}`} className="flex flex-wrap gap-1">
                  {w.parts.map((p) => (
                    <li key={p}>
                      <Badge tone="indigo">{p}</Badge>
                    </li>
                  ))}
                </ul>
              </td>
              <td data-label="State" className="px-4 py-3">
                <RunnerStateBadge state={w.state} />
              </td>
              <td data-label="Started" className="px-4 py-3 whitespace-nowrap">
                <Time at={w.startedAt} past clockOffsetMs={clockOffsetMs} />
              </td>
              <td data-label="Last heartbeat" className="px-4 py-3 whitespace-nowrap">
                {w.state === "stopped" ? (
                  <Time at={w.stoppedAt ?? w.heartbeatAt} past clockOffsetMs={clockOffsetMs} prefix="stopped" />
                ) : (
                  <Time at={w.heartbeatAt} past clockOffsetMs={clockOffsetMs} />
                )}
              </td>
              <td data-label="Stats" className="px-4 py-3 text-xs">
                <RunnerStats workerName={w.name} stats={w.stats} clockOffsetMs={clockOffsetMs} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
