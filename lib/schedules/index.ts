// Server-side schedule API. The browser imports "lib/schedules/schemas" and "lib/schedules/cron-spec" instead.

export { backfillSchedule } from "./backfill";
export * from "./cron-spec";
export { NEXT_RUNS_SHOWN, type ScheduleRow, scheduleInclude, toScheduleDto } from "./dto";
export { scheduleChangedEvent } from "./events";
export { ScheduleParams } from "./params";
export { pauseSchedule, resumeSchedule } from "./pause";
export {
  createSchedule,
  deleteSchedule,
  getSchedule,
  getScheduleOrThrow,
  listScheduleChanges,
  listScheduleExecutions,
  listSchedules,
  setScheduleEnabled,
  triggerSchedule,
  updateSchedule,
} from "./schedules";
export * from "./schemas";
