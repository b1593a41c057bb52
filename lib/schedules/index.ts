// Server-side schedule API. The browser imports "lib/schedules/schemas" and "lib/schedules/cron-spec" instead.
export * from "./schemas";
export * from "./cron-spec";
export {
  listSchedules,
  getSchedule,
  getScheduleOrThrow,
  createSchedule,
  updateSchedule,
  setScheduleEnabled,
  deleteSchedule,
  triggerSchedule,
  listScheduleExecutions,
} from "./schedules";
export { toScheduleDto, scheduleInclude, NEXT_RUNS_SHOWN, type ScheduleRow } from "./dto";
export { scheduleChangedEvent } from "./events";
export { ScheduleParams } from "./params";
