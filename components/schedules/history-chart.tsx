"use client";
// Duration and cost of the shown runs over time: two small SVG line charts, each with a title and a summary for
// screen readers, and the same figures as a table for anyone who prefers numbers.
import { useId } from "react";
import { formatCost, formatDateTime, formatDuration } from "@/lib/client/format";
import type { ExecutionDto } from "@/lib/executions/schemas";

interface Point {
  at: number;
  value: number;
}

// About 5:1, so the chart fills its box at full width and half width alike without stretching its dots.
const WIDTH = 600;
const HEIGHT = 120;
const PAD = { top: 8, right: 8, bottom: 18, left: 8 };

function TrendChart({ title, points, format }: { title: string; points: Point[]; format: (v: number) => string }) {
  const id = useId();
  const values = points.map((p) => p.value);
  const max = Math.max(...values);
  const min = Math.min(...values);
  const first = points[0].at;
  const last = points[points.length - 1].at;
  const x = (at: number) => PAD.left + (last === first ? 0.5 : (at - first) / (last - first)) * (WIDTH - PAD.left - PAD.right);
  const y = (v: number) => PAD.top + (max === 0 ? 1 : 1 - v / max) * (HEIGHT - PAD.top - PAD.bottom);
  const summary =
    `${points.length} run${points.length === 1 ? "" : "s"} from ${formatDateTime(new Date(first).toISOString())} to ` +
    `${formatDateTime(new Date(last).toISOString())}: lowest ${format(min)}, highest ${format(max)}, latest ${format(values[values.length - 1])}.`;

  return (
    <figure className="min-w-0 flex-1 rounded-md border border-slate-200 bg-white p-3">
      <figcaption className="flex items-baseline justify-between text-xs">
        <span className="font-medium text-slate-700">{title}</span>
        <span className="text-slate-500">max {format(max)}</span>
      </figcaption>
      <svg role="img" aria-labelledby={`${id}-title ${id}-desc`} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="mt-1 h-auto w-full overflow-visible">
        <title id={`${id}-title`}>{title} over time</title>
        <desc id={`${id}-desc`}>{summary}</desc>
        <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(0)} y2={y(0)} className="stroke-slate-200" strokeWidth={1} />
        {points.length > 1 && (
          <polyline
            fill="none"
            className="stroke-indigo-500"
            strokeWidth={1.5}
            strokeLinejoin="round"
            points={points.map((p) => `${x(p.at)},${y(p.value)}`).join(" ")}
          />
        )}
        {points.map((p, i) => (
          <circle key={i} cx={x(p.at)} cy={y(p.value)} r={2.5} className="fill-indigo-600" />
        ))}
      </svg>
    </figure>
  );
}

/** Finished runs that took time, oldest first. */
function chartable(executions: ExecutionDto[]): ExecutionDto[] {
  return executions
    .filter((e) => e.durationMs != null && e.startedAt)
    .sort((a, b) => Date.parse(a.startedAt!) - Date.parse(b.startedAt!));
}

export function HistoryChart({ executions }: { executions: ExecutionDto[] }) {
  const runs = chartable(executions);
  if (runs.length === 0) return null;
  const duration = runs.map((e) => ({ at: Date.parse(e.startedAt!), value: e.durationMs! }));
  const cost = runs.filter((e) => e.costUsd != null).map((e) => ({ at: Date.parse(e.startedAt!), value: e.costUsd! }));

  return (
    <div className="space-y-2">
      <div className="flex flex-col gap-3 sm:flex-row">
        <TrendChart title="Duration" points={duration} format={formatDuration} />
        {cost.length > 0 && <TrendChart title="Cost" points={cost} format={formatCost} />}
      </div>
      <details className="text-sm">
        <summary className="cursor-pointer text-slate-600 hover:text-slate-900">Chart data as a table</summary>
        <table className="mt-2 w-full text-left text-xs">
          <caption className="sr-only">Duration and cost of each run shown in the charts</caption>
          <thead className="text-slate-500">
            <tr>
              <th scope="col" className="py-1 pr-4 font-medium">Started</th>
              <th scope="col" className="py-1 pr-4 font-medium">Duration</th>
              <th scope="col" className="py-1 font-medium">Cost</th>
            </tr>
          </thead>
          <tbody className="tabular-nums text-slate-700">
            {runs.map((e) => (
              <tr key={e.id}>
                <td className="py-0.5 pr-4">{formatDateTime(e.startedAt)}</td>
                <td className="py-0.5 pr-4">{formatDuration(e.durationMs)}</td>
                <td className="py-0.5">{formatCost(e.costUsd)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}
