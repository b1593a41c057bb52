// The schedules overview's query and answer, shared by the route and the page (no server imports here).
import { z } from "zod";
import type { ExecutionStatus } from "@/lib/executions/schemas";

export const OVERVIEW_WINDOWS = { "24h": 24 * 3600_000, "7d": 7 * 24 * 3600_000 } as const;
export type OverviewWindow = keyof typeof OVERVIEW_WINDOWS;
/** Upcoming runs listed per schedule within the window; a schedule with more says so with `upcomingCapped`. */
export const UPCOMING_CAP = 200;

/** GET /api/schedules */
export const ScheduleOverviewQuery = z.strictObject({
  window: z
    .enum(Object.keys(OVERVIEW_WINDOWS) as [OverviewWindow, ...OverviewWindow[]], {
      error: 'window must be "24h" or "7d"',
    })
    .default("24h"),
});
export type ScheduleOverviewQuery = z.infer<typeof ScheduleOverviewQuery>;

export interface ScheduleRef {
  id: string;
  agentName: string;
  name: string;
}

export interface ScheduleOverviewItem extends ScheduleRef {
  cron: string;
  /** plain English, e.g. "At 09:00, Monday through Friday" */
  cronDescription: string;
  timezone: string;
  enabled: boolean;
  /** null while the schedule is off */
  nextRunAt: string | null;
  lastRunAt: string | null;
  lastStatus: ExecutionStatus | null;
  /** runs within the window, oldest first (none while the schedule is off), at most UPCOMING_CAP */
  upcoming: string[];
  upcomingCapped: boolean;
}

/** Runs of two or more schedules in the same minute. */
export interface ScheduleCollision {
  /** the minute, ISO UTC */
  at: string;
  schedules: ScheduleRef[];
}

export interface ScheduleOverviewDto {
  window: OverviewWindow;
  from: string;
  until: string;
  schedules: ScheduleOverviewItem[];
  collisions: ScheduleCollision[];
}
