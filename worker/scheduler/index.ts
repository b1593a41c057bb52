// The worker's scheduler part: see scheduler.ts.

export type { SchedulerOptions, SchedulerStats, SchedulerTimings } from "./scheduler";
export { createScheduler, DEFAULT_TIMINGS } from "./scheduler";
export type { Percentiles } from "./window";
