// What a worker's parts report, in a line each (the scheduler's figures by name, others' first few values), with
// the whole report one click away.
import { Fragment } from "react";
import { Time } from "@/components/app/time";

type PartStats = Record<string, unknown>;

const isNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

function schedulerLine(stats: PartStats, clockOffsetMs: number): React.ReactNode[] {
  const items: React.ReactNode[] = [];
  if (isNumber(stats.armed)) items.push(`${stats.armed} armed`);
  if (isNumber(stats.fires)) items.push(`${stats.fires} fired`);
  if (typeof stats.lastFireAt === "string" && !Number.isNaN(Date.parse(stats.lastFireAt))) {
    items.push(<Time at={stats.lastFireAt} past clockOffsetMs={clockOffsetMs} prefix="last fire" />);
  }
  const lateness = stats.fireLatenessMs as { p95?: unknown } | undefined;
  if (isNumber(lateness?.p95)) items.push(`lateness p95 ${Math.round(lateness.p95)} ms`);
  return items;
}

/** The first few plain values of a report whose keys this page does not know. */
function genericLine(stats: PartStats): string[] {
  return Object.entries(stats)
    .filter(([, v]) => isNumber(v) || typeof v === "string" || typeof v === "boolean")
    .slice(0, 4)
    .map(([k, v]) => `${k} ${String(v)}`.slice(0, 60));
}

interface RunnerStatsProps {
  workerName: string;
  stats: Record<string, PartStats>;
  /** the server's clock minus the viewer's */
  clockOffsetMs: number;
}

export function RunnerStats({ workerName, stats, clockOffsetMs }: RunnerStatsProps) {
  const parts = Object.entries(stats);
  if (parts.length === 0) return <span className="text-slate-600">—</span>;
  return (
    <div className="space-y-1">
      <ul className="space-y-0.5">
        {parts.map(([part, report]) => {
          const items =
            typeof report.error === "string"
              ? [report.error]
              : part === "scheduler"
                ? schedulerLine(report, clockOffsetMs)
                : genericLine(report);
          return (
            <li key={part}>
              <span className="font-medium text-slate-700">{part}</span>
              <span className="text-slate-600">
                :{" "}
                {items.length > 0
                  ? items.map((item, i) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: items of one stat line, rebuilt whole on each change
                      <Fragment key={i}>
                        {i > 0 && " · "}
                        {item}
                      </Fragment>
                    ))
                  : "no figures"}
              </span>
            </li>
          );
        })}
      </ul>
      <details className="text-xs">
        <summary className="cursor-pointer text-indigo-700 hover:text-indigo-900">
          All stats<span className="sr-only"> of {workerName}</span>
        </summary>
        <pre
          tabIndex={0}
          className="mt-1 max-h-64 max-w-md overflow-auto rounded bg-slate-50 p-2 font-mono text-[11px] text-slate-700"
        >
          {JSON.stringify(stats, null, 2)}
        </pre>
      </details>
    </div>
  );
}
