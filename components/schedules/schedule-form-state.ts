// The schedule form's values, how they start, what the browser can check, and how they become a request body.
import { ApiError, formErrors } from "@/lib/client/api";
import { cronProblem, timeZoneProblem } from "@/lib/schedules/cron-spec";
import type { CatchUpPolicy, OverlapPolicy, ScheduleDto } from "@/lib/schedules/schemas";

export interface ScheduleFormValues {
  name: string;
  description: string;
  cron: string;
  timezone: string;
  message: string;
  /** "" uses the agent's model */
  model: string;
  overlapPolicy: OverlapPolicy;
  catchUpPolicy: CatchUpPolicy;
  /** "" means no timeout of its own (the agent's applies) */
  timeoutSeconds: string;
  retryCount: string;
  retryBackoffSeconds: string;
}

export type ScheduleFormErrors = Partial<Record<keyof ScheduleFormValues, string>>;

const FIELDS: (keyof ScheduleFormValues)[] = [
  "name",
  "description",
  "cron",
  "timezone",
  "message",
  "model",
  "overlapPolicy",
  "catchUpPolicy",
  "timeoutSeconds",
  "retryCount",
  "retryBackoffSeconds",
];

/** The zone this browser is in, so a new schedule starts on the clock its author reads. */
function localTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

export function initialScheduleValues(schedule?: ScheduleDto): ScheduleFormValues {
  return {
    name: schedule?.name ?? "",
    description: schedule?.description ?? "",
    cron: schedule?.cron ?? "0 9 * * 1-5",
    timezone: schedule?.timezone ?? localTimeZone(),
    message: schedule?.message ?? "",
    model: schedule?.model ?? "",
    overlapPolicy: schedule?.overlapPolicy ?? "skip",
    catchUpPolicy: schedule?.catchUpPolicy ?? "latest",
    timeoutSeconds: schedule?.timeoutSeconds == null ? "" : String(schedule.timeoutSeconds),
    retryCount: String(schedule?.retryCount ?? 0),
    retryBackoffSeconds: String(schedule?.retryBackoffSeconds ?? 60),
  };
}

function wholeNumber(text: string, min: number, max: number): number | string {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n < min || n > max) return `Use a whole number from ${min} to ${max}`;
  return n;
}

/** Checks what the browser can check; the API checks again and names the field if it disagrees. */
export function toScheduleBody(values: ScheduleFormValues) {
  const errors: ScheduleFormErrors = {};
  if (!values.name.trim()) errors.name = "Give the schedule a name";
  const cron = cronProblem(values.cron);
  if (cron) errors.cron = cron;
  const timezone = timeZoneProblem(values.timezone);
  if (timezone) errors.timezone = timezone;
  if (!values.message.trim()) errors.message = "Write what the agent should do each time";
  const timeoutSeconds = values.timeoutSeconds.trim() === "" ? null : wholeNumber(values.timeoutSeconds, 1, 86400);
  if (typeof timeoutSeconds === "string") errors.timeoutSeconds = timeoutSeconds;
  const retryCount = wholeNumber(values.retryCount, 0, 10);
  if (typeof retryCount === "string") errors.retryCount = retryCount;
  const retryBackoffSeconds = wholeNumber(values.retryBackoffSeconds, 1, 86400);
  if (typeof retryBackoffSeconds === "string") errors.retryBackoffSeconds = retryBackoffSeconds;
  if (Object.keys(errors).length > 0) return { errors };

  return {
    body: {
      name: values.name.trim(),
      description: values.description.trim(),
      cron: values.cron.trim(),
      timezone: values.timezone,
      message: values.message,
      // null clears an override when editing; on create it is the default anyway.
      model: values.model || null,
      overlapPolicy: values.overlapPolicy,
      catchUpPolicy: values.catchUpPolicy,
      timeoutSeconds: timeoutSeconds as number | null,
      retryCount: retryCount as number,
      retryBackoffSeconds: retryBackoffSeconds as number,
    },
  };
}

/** The API's `details[].field` errors, keyed by the form field they name. */
export const SCHEDULE_LABELS: Partial<Record<keyof ScheduleFormValues, string>> = {
  name: "Name",
  cron: "Cron expression",
  timezone: "Time zone",
  message: "Message",
  timeoutSeconds: "Timeout",
  retryCount: "Retries",
  retryBackoffSeconds: "Retry backoff",
};

export function apiScheduleErrors(err: unknown): ScheduleFormErrors {
  if (!(err instanceof ApiError)) return {};
  const errors = formErrors(err, FIELDS).fields;
  // A name already taken: the conflict's own sentence says more than its detail ("taken").
  if (err.status === 409 && (errors.name || /name/i.test(err.message))) errors.name = err.message;
  return errors;
}
