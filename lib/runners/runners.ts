// The reads of the worker registry: every worker with its state (running, stopped, down) as of now, the scheduler's
// status made from them, and the runner names agents may be pinned to. A worker is down when its last heartbeat is
// older than the configured threshold; its row stays (shown as down) until it is pruned a day later.
import { z } from "zod";
import { config } from "@/lib/config";
import { db } from "@/lib/db";
import type { RunnerDto, RunnerNameDto, RunnerState, RunnersDto, SchedulerStatusDto } from "./schemas";

/** More rows than this are not shown (restarts leave a stopped row each, kept a day). */
const MAX_LISTED = 500;

const Parts = z.array(z.string().max(40)).max(20);
const Stats = z.record(z.string(), z.record(z.string(), z.unknown()));

function parseJson<T>(text: string, schema: z.ZodType<T>, fallback: T): T {
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : fallback;
  } catch {
    return fallback;
  }
}

interface RunnerRow {
  id: string;
  name: string;
  host: string;
  pid: number;
  parts: string;
  startedAt: Date;
  heartbeatAt: Date;
  stoppedAt: Date | null;
  stats: string;
}

export function runnerState(
  row: Pick<RunnerRow, "heartbeatAt" | "stoppedAt">,
  now: Date,
  downAfterMs: number,
): RunnerState {
  if (row.stoppedAt) return "stopped";
  return now.getTime() - row.heartbeatAt.getTime() > downAfterMs ? "down" : "running";
}

export function toRunnerDto(row: RunnerRow, now: Date, downAfterMs: number): RunnerDto {
  const state = runnerState(row, now, downAfterMs);
  return {
    id: row.id,
    name: row.name,
    host: row.host,
    pid: row.pid,
    parts: parseJson(row.parts, Parts, []),
    startedAt: row.startedAt.toISOString(),
    heartbeatAt: row.heartbeatAt.toISOString(),
    stoppedAt: row.stoppedAt?.toISOString() ?? null,
    state,
    alive: state === "running",
    heartbeatAgeMs: Math.max(0, now.getTime() - row.heartbeatAt.getTime()),
    stats: parseJson(row.stats, Stats, {}),
  };
}

const STATE_ORDER: Record<RunnerState, number> = { running: 0, down: 1, stopped: 2 };

/** Every worker in the registry: live ones first, then those that went silent, then the stopped; newest first within. */
export async function listRunners(now = new Date()): Promise<RunnersDto> {
  const { downAfterMs } = config().worker;
  const rows = await db.runner.findMany({ orderBy: { heartbeatAt: "desc" }, take: MAX_LISTED });
  const workers = rows
    .map((row) => toRunnerDto(row, now, downAfterMs))
    .sort((a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state] || b.startedAt.localeCompare(a.startedAt));
  return { checkedAt: now.toISOString(), downAfterMs, workers };
}

const numberIn = (stats: Record<string, unknown> | undefined, key: string): number | null =>
  typeof stats?.[key] === "number" && Number.isFinite(stats[key]) ? (stats[key] as number) : null;

const timeIn = (stats: Record<string, unknown> | undefined, key: string): string | null => {
  const value = stats?.[key];
  return typeof value === "string" && !Number.isNaN(Date.parse(value)) ? new Date(value).toISOString() : null;
};

/** Whether schedules fire: the live workers running the scheduler part, what they armed, and when they last fired. */
export async function schedulerStatus(now = new Date()): Promise<SchedulerStatusDto> {
  const [runners, enabledSchedules] = await Promise.all([
    listRunners(now),
    db.schedule.count({ where: { enabled: true } }),
  ]);
  const schedulers = runners.workers.filter((w) => w.alive && w.parts.includes("scheduler"));
  const armed = schedulers.map((w) => numberIn(w.stats.scheduler, "armed")).filter((n): n is number => n !== null);
  const fires = schedulers.map((w) => timeIn(w.stats.scheduler, "lastFireAt")).filter((t): t is string => t !== null);
  return {
    running: schedulers.length > 0,
    schedulers: schedulers.length,
    armedJobs: armed.length > 0 ? Math.max(...armed) : null,
    lastFireAt: fires.length > 0 ? fires.sort().at(-1)! : null,
    enabledSchedules,
    ...runners,
  };
}

/** The names of workers that run agents (the runner part), for pinning; alive when one by that name is up now. */
export async function listRunnerNames(now = new Date()): Promise<RunnerNameDto[]> {
  const { downAfterMs } = config().worker;
  const rows = await db.runner.findMany({
    select: { name: true, parts: true, heartbeatAt: true, stoppedAt: true },
    orderBy: { heartbeatAt: "desc" },
    take: MAX_LISTED,
  });
  const names = new Map<string, boolean>();
  for (const row of rows) {
    if (!parseJson(row.parts, Parts, []).includes("runner")) continue;
    names.set(row.name, (names.get(row.name) ?? false) || runnerState(row, now, downAfterMs) === "running");
  }
  return [...names].map(([name, alive]) => ({ name, alive })).sort((a, b) => a.name.localeCompare(b.name));
}
