// Schedule rows to the public JSON shape, with the plain-English reading, next runs and the latest execution.
import type { Schedule } from "@/lib/db/client-types";
import type { ExecutionStatus } from "@/lib/executions/schemas";
import { describeCron } from "./cron-spec";
import type { CatchUpPolicy, OverlapPolicy, ScheduleDto, SchedulePauseDto } from "./schemas";
import { SlotClock, slotWindow } from "./slots";

export const NEXT_RUNS_SHOWN = 5;

export const scheduleInclude = {
  agent: { select: { name: true } },
  pausedBy: { select: { id: true, name: true } },
  executions: {
    orderBy: [{ createdAt: "desc" as const }, { id: "desc" as const }],
    take: 1,
    select: { id: true, status: true, finishedAt: true },
  },
  // Runs of the schedule still going: with overlap "skip", Run Now waits for them.
  _count: { select: { executions: { where: { status: { in: ["queued", "running"] } } } } },
};

export type ScheduleRow = Schedule & {
  agent: { name: string };
  pausedBy: { id: string; name: string } | null;
  executions: { id: string; status: string; finishedAt: Date | null }[];
  _count: { executions: number };
};

const iso = (d: Date | null) => d?.toISOString() ?? null;

/**
 * Next runs of a stored expression within the schedule's window; a row that no longer parses (written by an older
 * version) shows none.
 */
function upcoming(row: Schedule, now: Date): string[] {
  try {
    const clock = new SlotClock(row.cron, row.timezone, slotWindow(row));
    const runs: string[] = [];
    for (let at: Date | null = clock.next(now); at && runs.length < NEXT_RUNS_SHOWN; at = clock.next(at))
      runs.push(at.toISOString());
    return runs;
  } catch {
    return [];
  }
}

function pauseOf(row: ScheduleRow): SchedulePauseDto | null {
  if (!row.pausedAt) return null;
  return {
    at: row.pausedAt.toISOString(),
    by: row.pausedBy,
    note: row.pauseNote,
    resumeAt: iso(row.resumeAt),
    automatic: row.autoPaused,
  };
}

export function toScheduleDto(row: ScheduleRow, now = new Date()): ScheduleDto {
  const nextRuns = upcoming(row, now);
  const last = row.executions[0];
  return {
    id: row.id,
    agentName: row.agent.name,
    name: row.name,
    description: row.description,
    cron: row.cron,
    cronDescription: describeCron(row.cron),
    timezone: row.timezone,
    message: row.message,
    model: row.model,
    enabled: row.enabled,
    overlapPolicy: row.overlapPolicy as OverlapPolicy,
    catchUpPolicy: row.catchUpPolicy as CatchUpPolicy,
    catchUpWindowSeconds: row.catchUpWindowSeconds,
    timeoutSeconds: row.timeoutSeconds,
    retryCount: row.retryCount,
    retryBackoffSeconds: row.retryBackoffSeconds,
    lastRunAt: iso(row.lastRunAt),
    nextRunAt: row.enabled && !row.pausedAt ? (nextRuns[0] ?? null) : null,
    nextRuns,
    createdById: row.createdById,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    activeRuns: row._count.executions,
    lastExecution: last
      ? { id: last.id, status: last.status as ExecutionStatus, finishedAt: iso(last.finishedAt) }
      : null,
    paused: pauseOf(row),
    autoPauseAfterFailures: row.autoPauseAfterFailures,
    jitterSeconds: row.jitterSeconds,
    startAt: iso(row.startAt),
    endAt: iso(row.endAt),
  };
}
