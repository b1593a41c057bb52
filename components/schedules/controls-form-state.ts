// The schedule form's controls block (kept apart from the rest of the form): jitter, the start/end window and the
// auto-pause rule — their values, the browser's checks, and the part of the request body they make.
import { ApiError, formErrors } from "@/lib/client/api";
import { MAX_JITTER_SECONDS, type ScheduleDto } from "@/lib/schedules/schemas";
import { fromLocalInput, toLocalInput } from "./local-time";

export interface ControlsValues {
  jitterSeconds: string;
  /** datetime-local text on the viewer's clock; "" for none */
  startAt: string;
  endAt: string;
  /** "" leaves auto-pause off */
  autoPauseAfterFailures: string;
}

export type ControlsErrors = Partial<Record<keyof ControlsValues, string>>;

const CONTROL_FIELDS: (keyof ControlsValues)[] = ["jitterSeconds", "startAt", "endAt", "autoPauseAfterFailures"];

export const CONTROL_LABELS: Record<keyof ControlsValues, string> = {
  jitterSeconds: "Jitter",
  startAt: "Start",
  endAt: "End",
  autoPauseAfterFailures: "Auto-pause",
};

export function initialControls(schedule?: ScheduleDto): ControlsValues {
  return {
    jitterSeconds: String(schedule?.jitterSeconds ?? 0),
    startAt: toLocalInput(schedule?.startAt),
    endAt: toLocalInput(schedule?.endAt),
    autoPauseAfterFailures: schedule?.autoPauseAfterFailures == null ? "" : String(schedule.autoPauseAfterFailures),
  };
}

function count(text: string, min: number, max: number): number | string {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n < min || n > max) return `Use a whole number from ${min} to ${max}`;
  return n;
}

export function toControlsBody(values: ControlsValues) {
  const errors: ControlsErrors = {};
  const jitterSeconds = count(values.jitterSeconds, 0, MAX_JITTER_SECONDS);
  if (typeof jitterSeconds === "string") errors.jitterSeconds = jitterSeconds;
  const auto = values.autoPauseAfterFailures.trim() === "" ? null : count(values.autoPauseAfterFailures, 1, 100);
  if (typeof auto === "string") errors.autoPauseAfterFailures = auto;
  const startAt = fromLocalInput(values.startAt);
  if (startAt === undefined) errors.startAt = "Pick a date and time";
  const endAt = fromLocalInput(values.endAt);
  if (endAt === undefined) errors.endAt = "Pick a date and time";
  if (startAt && endAt && Date.parse(endAt) <= Date.parse(startAt))
    errors.endAt = "End date must be after the start date";
  if (Object.keys(errors).length > 0) return { errors };
  return {
    body: {
      jitterSeconds: jitterSeconds as number,
      autoPauseAfterFailures: auto as number | null,
      startAt: startAt as string | null,
      endAt: endAt as string | null,
    },
  };
}

export function apiControlsErrors(err: unknown): ControlsErrors {
  return err instanceof ApiError ? formErrors(err, CONTROL_FIELDS).fields : {};
}
