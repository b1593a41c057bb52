"use client";
// Duration and cost of the shown runs over time: a line chart each, with axes, the run's time and value on hover or
// on keyboard focus (arrow keys move between runs), a summary for screen readers, and the same figures as a table.
// Each chart keeps a fixed height and at most half the width, so a lone chart does not stretch.
import { useId } from "react";
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Time } from "@/components/app/time";
import { executionStatusLabel } from "@/components/executions/execution-status-badge";
import { formatCost, formatDuration } from "@/lib/client/format";
import type { ExecutionDto } from "@/lib/executions/schemas";
import { formatAbsolute, needsSeconds } from "@/lib/time/format";

interface Point {
  at: number;
  value: number;
  status: ExecutionDto["status"];
}

const CHART_HEIGHT = 176;
const TICK = { fill: "#475569", fontSize: 11 };
const MINUTE = 60_000;

/** The x axis spans the runs; a single run gets a minute either side, so it sits in the middle. */
function domainOf(points: Point[]): [number, number] {
  const first = points[0].at;
  const last = points[points.length - 1].at;
  return first === last ? [first - MINUTE, last + MINUTE] : [first, last];
}

/** Axis ticks: the time of day when the runs are within a day, else the date. */
function tickFormatter(points: Point[], timeZone: string): (at: number) => string {
  const [from, to] = domainOf(points);
  const withinDay = to - from < 86_400_000;
  const seconds = to - from < 10 * MINUTE;
  const time = new Intl.DateTimeFormat("en", {
    timeZone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    ...(seconds ? { second: "2-digit" } : {}),
  });
  const day = new Intl.DateTimeFormat("en", { timeZone, month: "short", day: "numeric" });
  return (at) => (withinDay ? time : day).format(at);
}

interface ChartTooltipProps {
  active?: boolean;
  payload?: readonly { payload?: unknown }[];
  format: (v: number) => string;
  timeZone: string;
}

function ChartTooltip({ active, payload, format, timeZone }: ChartTooltipProps) {
  const point = payload?.[0]?.payload as Point | undefined;
  if (!active || !point) return null;
  return (
    <div className="rounded-md border border-slate-200 bg-white px-2.5 py-1.5 text-xs shadow-md">
      <p className="text-slate-600">{formatAbsolute(point.at, { timeZone, seconds: true, short: true })}</p>
      <p className="font-medium text-slate-900 tabular-nums">
        {format(point.value)}{" "}
        <span className="font-normal text-slate-600">· {executionStatusLabel(point.status).toLowerCase()}</span>
      </p>
    </div>
  );
}

interface TrendChartProps {
  title: string;
  points: Point[];
  format: (v: number) => string;
  timeZone: string;
}

function TrendChart({ title, points, format, timeZone }: TrendChartProps) {
  const id = useId();
  const values = points.map((p) => p.value);
  const max = Math.max(...values);
  const min = Math.min(...values);
  const zone = { timeZone, short: true, seconds: needsSeconds(points.map((p) => p.at)) };
  const summary =
    `${points.length} run${points.length === 1 ? "" : "s"} from ${formatAbsolute(points[0].at, zone)} to ` +
    `${formatAbsolute(points[points.length - 1].at, zone)}: lowest ${format(min)}, highest ${format(max)}, latest ${format(values[values.length - 1])}.`;

  return (
    <figure
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-desc`}
      className="min-w-0 rounded-md border border-slate-200 bg-white p-3"
    >
      <figcaption className="flex items-baseline justify-between text-xs">
        <span id={`${id}-title`} className="font-medium text-slate-700">
          {title}
        </span>
        <span className="text-slate-600">max {format(max)}</span>
      </figcaption>
      <p id={`${id}-desc`} className="sr-only">
        {summary} Focus the chart and use the arrow keys to read each run.
      </p>
      <div className="mt-1 [&_.recharts-surface:focus-visible]:outline-2 [&_.recharts-surface:focus-visible]:outline-indigo-600 [&_.recharts-surface]:outline-none">
        <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
          <LineChart
            data={points}
            margin={{ top: 8, right: 12, bottom: 0, left: 0 }}
            title={`${title} over time`}
            desc={summary}
          >
            <CartesianGrid stroke="#e2e8f0" vertical={false} />
            <XAxis
              dataKey="at"
              type="number"
              scale="time"
              domain={domainOf(points)}
              tickFormatter={tickFormatter(points, timeZone)}
              tick={TICK}
              stroke="#94a3b8"
              minTickGap={24}
            />
            <YAxis
              dataKey="value"
              tickFormatter={format}
              tick={TICK}
              stroke="#94a3b8"
              width={64}
              domain={[0, "auto"]}
              allowDecimals
            />
            <Tooltip
              content={(props) => <ChartTooltip {...props} format={format} timeZone={timeZone} />}
              isAnimationActive={false}
            />
            <Line
              type="monotone"
              dataKey="value"
              name={title}
              stroke="#4f46e5"
              strokeWidth={1.5}
              dot={{ r: 3, fill: "#4f46e5", strokeWidth: 0 }}
              activeDot={{ r: 5 }}
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

/** Finished runs that took time, oldest first. */
function chartable(executions: ExecutionDto[]): ExecutionDto[] {
  return executions
    .filter((e) => e.durationMs != null && e.startedAt)
    .sort((a, b) => Date.parse(a.startedAt!) - Date.parse(b.startedAt!));
}

export function HistoryChart({ executions, timeZone }: { executions: ExecutionDto[]; timeZone: string }) {
  const runs = chartable(executions);
  if (runs.length === 0) return null;
  const duration = runs.map((e) => ({ at: Date.parse(e.startedAt!), value: e.durationMs!, status: e.status }));
  const cost = runs
    .filter((e) => e.costUsd != null)
    .map((e) => ({ at: Date.parse(e.startedAt!), value: e.costUsd!, status: e.status }));

  return (
    <div className="space-y-2">
      <div className="grid gap-3 sm:grid-cols-2">
        <TrendChart title="Duration" points={duration} format={formatDuration} timeZone={timeZone} />
        {cost.length > 0 && <TrendChart title="Cost" points={cost} format={formatCost} timeZone={timeZone} />}
      </div>
      <details className="text-sm">
        <summary className="cursor-pointer text-slate-600 hover:text-slate-900">Chart data as a table</summary>
        <table className="mt-2 w-full max-w-xl text-left text-xs">
          <caption className="sr-only">Duration and cost of each run shown in the charts</caption>
          <thead className="text-slate-600">
            <tr>
              <th scope="col" className="py-1 pr-4 font-medium">
                Started
              </th>
              <th scope="col" className="py-1 pr-4 font-medium">
                Duration
              </th>
              <th scope="col" className="py-1 font-medium">
                Cost
              </th>
            </tr>
          </thead>
          <tbody className="tabular-nums text-slate-700">
            {runs.map((e) => (
              <tr key={e.id}>
                <td className="py-0.5 pr-4">
                  <Time at={e.startedAt} show="absolute" timeZone={timeZone} seconds short />
                </td>
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
