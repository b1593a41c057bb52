// Schedule inputs and the schedule DTO, shared by route handlers and the browser (no server imports here).
import { z } from "zod";
import { ModelChoice } from "@/lib/agents/schemas";
import { ExecutionStatus, TaskMessage } from "@/lib/executions/schemas";
import { safeText } from "@/lib/text/safe-text";
import { CronExpression, TimeZone } from "./cron-spec";

export const OVERLAP_POLICIES = ["skip", "queue", "allow"] as const;
/** What a slot does while the previous run is still going: skip it (recorded as `skipped`), queue it, or run it. */
export const OverlapPolicy = z.enum(OVERLAP_POLICIES);
export type OverlapPolicy = z.infer<typeof OverlapPolicy>;

export const CATCH_UP_POLICIES = ["latest", "none"] as const;
/** After downtime: run the most recent missed slot within the window, or nothing. */
export const CatchUpPolicy = z.enum(CATCH_UP_POLICIES);
export type CatchUpPolicy = z.infer<typeof CatchUpPolicy>;

export const ScheduleName = z
  .string()
  .trim()
  .min(1, "name is empty")
  .max(100, "name is longer than 100 characters")
  .superRefine(safeText());

/** An instant given as ISO 8601 with a zone or offset ("2026-12-01T09:00:00Z"), read as a Date. */
export const Instant = z
  .string()
  .max(40)
  .datetime({ offset: true, message: "must be a date and time in ISO 8601 with a zone, e.g. 2026-12-01T09:00:00Z" })
  .transform((s) => new Date(s));

export const MAX_JITTER_SECONDS = 3600;

/** The schedule controls a PUT may change (pause and resume have their own routes). */
const controlFields = {
  /** pause after this many consecutive failed runs; null: never */
  autoPauseAfterFailures: z.number().int().min(1, "at least 1 failure").max(100, "at most 100 failures").nullable(),
  /** each fire waits a deterministic 0..jitterSeconds after its slot */
  jitterSeconds: z
    .number()
    .int()
    .min(0, "at least 0 seconds")
    .max(MAX_JITTER_SECONDS, `at most ${MAX_JITTER_SECONDS} seconds (an hour)`),
  /** no slot before this instant (null: from creation) */
  startAt: Instant.nullable(),
  /** no slot after this instant (null: never ends) */
  endAt: Instant.nullable(),
};

/** The fields without defaults; create adds the defaults, update makes them all optional. */
const fields = {
  name: ScheduleName,
  description: z
    .string()
    .trim()
    .max(2000)
    .superRefine(safeText({ multiline: true })),
  cron: CronExpression,
  timezone: TimeZone,
  message: TaskMessage,
  model: ModelChoice.nullable(),
  enabled: z.boolean(),
  overlapPolicy: OverlapPolicy,
  catchUpPolicy: CatchUpPolicy,
  /** how far back a missed slot still counts for catch-up "latest" (1 s .. 30 days) */
  catchUpWindowSeconds: z
    .number()
    .int()
    .min(1)
    .max(30 * 86400),
  timeoutSeconds: z.number().int().min(1).max(86400).nullable(),
  retryCount: z.number().int().min(0).max(10),
  retryBackoffSeconds: z.number().int().min(1).max(86400),
  ...controlFields,
};

/** POST /api/agents/{name}/schedules */
export const ScheduleCreateInput = z.strictObject({
  name: fields.name,
  description: fields.description.default(""),
  cron: fields.cron,
  timezone: fields.timezone.default("UTC"),
  message: fields.message,
  model: fields.model.default(null),
  enabled: fields.enabled.default(true),
  overlapPolicy: fields.overlapPolicy.default("skip"),
  catchUpPolicy: fields.catchUpPolicy.default("latest"),
  catchUpWindowSeconds: fields.catchUpWindowSeconds.default(86400),
  timeoutSeconds: fields.timeoutSeconds.default(null),
  retryCount: fields.retryCount.default(0),
  retryBackoffSeconds: fields.retryBackoffSeconds.default(60),
  autoPauseAfterFailures: fields.autoPauseAfterFailures.default(null),
  jitterSeconds: fields.jitterSeconds.default(0),
  startAt: fields.startAt.default(null),
  endAt: fields.endAt.default(null),
});
export type ScheduleCreateInput = z.infer<typeof ScheduleCreateInput>;
/** What the create form sends: every field with a default may be left out. */
export type ScheduleCreateRequest = z.input<typeof ScheduleCreateInput>;

/** PUT /api/agents/{name}/schedules/{id}: only the fields given change; `model` / `timeoutSeconds` null clears them. */
export const ScheduleUpdateInput = z.strictObject(fields).partial();
export type ScheduleUpdateInput = z.infer<typeof ScheduleUpdateInput>;
/** What the edit form sends (times as ISO text). */
export type ScheduleUpdateRequest = z.input<typeof ScheduleUpdateInput>;

/** GET /api/agents/{name}/schedules/{id}/executions */
export const ScheduleExecutionsQuery = z.strictObject({
  status: ExecutionStatus.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(64).optional(),
});
export type ScheduleExecutionsQuery = z.infer<typeof ScheduleExecutionsQuery>;

/**
 * The least time between two runs of a schedule an owner makes, set by an admin in Settings. Admins' own changes are
 * exempt: they set the rule, and may run an agent as often as it needs.
 */
export const MIN_INTERVAL = { defaultSeconds: 60, minSeconds: 1, maxSeconds: 86400 } as const;

/** PUT /api/settings: the schedule part (the Anthropic part is in lib/settings/anthropic.ts). */
export const ScheduleSettingsPatch = {
  scheduleMinIntervalSeconds: z
    .number({ error: "must be a whole number of seconds" })
    .int("must be a whole number of seconds")
    .min(MIN_INTERVAL.minSeconds, `at least ${MIN_INTERVAL.minSeconds} second`)
    .max(MIN_INTERVAL.maxSeconds, `at most ${MIN_INTERVAL.maxSeconds} seconds (a day)`)
    .optional(),
};

export interface ScheduleSettingsDto {
  /** the least time between two runs of a schedule, for everyone but admins */
  minIntervalSeconds: number;
}

export const SCHEDULE_CHANGES = [
  "created",
  "updated",
  "deleted",
  "enabled",
  "disabled",
  "paused",
  "resumed",
  "auto_paused",
  "backfilled",
] as const;
/** What a schedule_changed event announces. */
export type ScheduleChange = (typeof SCHEDULE_CHANGES)[number];

/** What a ScheduleChange row records: the event's changes but deletion (the rows go with the schedule), and Run Now. */
export type ScheduleChangeAction = Exclude<ScheduleChange, "deleted"> | "run_now";

/** POST /api/agents/{name}/schedules/{id}/pause */
export const SchedulePauseInput = z.strictObject({
  note: z
    .string()
    .trim()
    .max(500, "note is longer than 500 characters")
    .superRefine(safeText({ multiline: true }))
    .optional(),
  /** the worker resumes the schedule at this time (in the future) */
  resumeAt: Instant.nullable().optional(),
});
export type SchedulePauseInput = z.infer<typeof SchedulePauseInput>;
/** What the pause dialog sends (times as ISO text). */
export type SchedulePauseRequest = z.input<typeof SchedulePauseInput>;

/** The most slots one backfill runs. */
export const BACKFILL_MAX_SLOTS = 100;

/** POST /api/agents/{name}/schedules/{id}/backfill: without `confirm` a preview, with it the runs are queued. */
export const ScheduleBackfillInput = z.strictObject({
  from: Instant,
  to: Instant,
  confirm: z.boolean().default(false),
});
export type ScheduleBackfillInput = z.infer<typeof ScheduleBackfillInput>;
export type ScheduleBackfillRequest = z.input<typeof ScheduleBackfillInput>;

export interface BackfillSlotDto {
  /** the slot (ISO UTC) */
  slot: string;
  /** will_run / queued: this backfill runs it; already_ran / skipped: the slot has a run already (another backfill, the scheduler) */
  outcome: "will_run" | "queued" | "already_ran" | "skipped";
  /** the slot's execution: the existing one, or the one queued now */
  executionId: string | null;
  /** the existing execution's status */
  status: string | null;
}

export interface BackfillDto {
  confirmed: boolean;
  from: string;
  to: string;
  slots: BackfillSlotDto[];
}

export interface ScheduleChangeDto {
  id: string;
  action: ScheduleChangeAction;
  /** null: the worker (automatic resume, auto-pause) or a deleted user */
  user: { id: string; name: string } | null;
  details: Record<string, unknown>;
  at: string;
}

/** The state of a paused schedule: fires nothing until resumed (by a person, or the worker at resumeAt). */
export interface SchedulePauseDto {
  at: string;
  by: { id: string; name: string } | null;
  /** the person's note, or the reason of an automatic pause */
  note: string | null;
  resumeAt: string | null;
  /** paused by the auto-pause rule after consecutive failures */
  automatic: boolean;
}

export interface ScheduleDto {
  id: string;
  agentName: string;
  name: string;
  description: string;
  cron: string;
  /** plain English, e.g. "At 09:00, Monday through Friday" */
  cronDescription: string;
  timezone: string;
  message: string;
  model: string | null;
  enabled: boolean;
  overlapPolicy: OverlapPolicy;
  catchUpPolicy: CatchUpPolicy;
  catchUpWindowSeconds: number;
  timeoutSeconds: number | null;
  retryCount: number;
  retryBackoffSeconds: number;
  lastRunAt: string | null;
  /** the next run (ISO UTC); null while the schedule is disabled or paused, or after its end */
  nextRunAt: string | null;
  /** the next five times the expression matches in the schedule's time zone and window (ISO UTC), enabled or not */
  nextRuns: string[];
  createdById: string | null;
  createdAt: string;
  updatedAt: string;
  lastExecution: { id: string; status: ExecutionStatus; finishedAt: string | null } | null;
  /** runs of the schedule queued or running now; with overlap "skip", Run Now is refused while there are any */
  activeRuns: number;
  /** null unless paused */
  paused: SchedulePauseDto | null;
  autoPauseAfterFailures: number | null;
  jitterSeconds: number;
  startAt: string | null;
  endAt: string | null;
}
