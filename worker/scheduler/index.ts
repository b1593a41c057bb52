// The worker's scheduler part: see scheduler.ts.
export { createScheduler, DEFAULT_TIMINGS } from "./scheduler";
export type { Scheduler, SchedulerOptions, SchedulerStats, SchedulerTimings } from "./scheduler";
export type { Percentiles } from "./window";
