// Execution inputs and the execution DTO, shared by route handlers and the browser (no server imports here).
import { z } from "zod";
import { ModelChoice } from "@/lib/agents/schemas";
import { safeText } from "@/lib/text/safe-text";

/**
 * `skipped`: a schedule's slot not run because the previous run was still going (overlap policy "skip").
 * `interrupted`: the runner running it stopped or died (its lease ran out); the work is not run again by itself.
 */
export const EXECUTION_STATUSES = [
  "queued",
  "running",
  "succeeded",
  "failed",
  "cancelled",
  "timed_out",
  "skipped",
  "interrupted",
] as const;
export const ExecutionStatus = z.enum(EXECUTION_STATUSES);
export type ExecutionStatus = z.infer<typeof ExecutionStatus>;

export const FINISHED_STATUSES: readonly ExecutionStatus[] = [
  "succeeded",
  "failed",
  "cancelled",
  "timed_out",
  "skipped",
  "interrupted",
];
export const isFinished = (status: string) => (FINISHED_STATUSES as readonly string[]).includes(status);

export const TRIGGERS = ["schedule", "manual", "api", "chat", "playbook", "process", "retry"] as const;
export const Trigger = z.enum(TRIGGERS);
export type Trigger = z.infer<typeof Trigger>;

export const TaskMessage = z.string().min(1, "message is empty").max(100_000);

/** POST /api/agents/{name}/task */
export const TaskInput = z.strictObject({
  message: TaskMessage,
  model: ModelChoice.optional(),
  async: z.boolean().default(false),
});
export type TaskInput = z.infer<typeof TaskInput>;

/** POST /api/internal/execute-task (the worker's call; snake_case like the rest of that API) */
export const InternalTaskInput = z.strictObject({
  agent_name: z.string().min(1),
  message: TaskMessage,
  model: ModelChoice.optional(),
  async_mode: z.boolean().default(true),
  triggered_by: Trigger.default("api"),
  timeout_seconds: z.number().int().min(1).max(86400).optional(),
  idempotency_key: z.string().min(1).max(200).optional(),
});
export type InternalTaskInput = z.infer<typeof InternalTaskInput>;

/** GET /api/agents/{name}/executions */
export const ExecutionListQuery = z.strictObject({
  status: ExecutionStatus.optional(),
  trigger: Trigger.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(64).optional(),
});
export type ExecutionListQuery = z.infer<typeof ExecutionListQuery>;

/** POST /api/conversations/{id}/messages */
export const ChatMessageInput = z.strictObject({ message: TaskMessage, model: ModelChoice.optional() });
export type ChatMessageInput = z.infer<typeof ChatMessageInput>;

export interface ExecutionDto {
  id: string;
  agentId: string;
  agentName: string;
  trigger: Trigger;
  status: ExecutionStatus;
  message: string;
  model: string | null;
  response: string | null;
  error: string | null;
  exitCode: number | null;
  stderr: string | null;
  costUsd: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  cacheReadTokens: number | null;
  cacheCreationTokens: number | null;
  durationMs: number | null;
  numTurns: number | null;
  sessionId: string | null;
  timeoutSeconds: number | null;
  createdById: string | null;
  conversationId: string | null;
  /** the schedule that fired it or whose Run Now started it */
  scheduleId: string | null;
  /** the schedule slot it ran for (null for Run Now and other triggers) */
  scheduledFor: string | null;
  /** 1 for the first run of a slot, 2.. for its retries */
  attempt: number;
  /** a retry links to the first execution of its slot */
  retryOfId: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** PATCH /api/conversations/{id}: a title, or null to go back to showing the first message. */
export const CONVERSATION_TITLE_MAX = 100;
export const ConversationUpdateInput = z.strictObject({
  title: z
    .string()
    .trim()
    .min(1, "title is empty (send null to remove it)")
    .max(CONVERSATION_TITLE_MAX, `longer than ${CONVERSATION_TITLE_MAX} characters`)
    .superRefine(safeText())
    .nullable(),
});
export type ConversationUpdateInput = z.infer<typeof ConversationUpdateInput>;

export interface ConversationDto {
  id: string;
  /** set by its author; null shows the first message instead */
  title: string | null;
  agentName: string;
  createdAt: string;
  updatedAt: string;
  preview: string | null;
}

/** A comma-separated list of statuses in a URL: `status=running,failed`. */
const StatusList = z
  .string()
  .max(200)
  .transform((s) => s.split(",").filter((part) => part !== ""))
  .pipe(z.array(ExecutionStatus).min(1, "name at least one status").max(EXECUTION_STATUSES.length));

const Id = z.string().min(1).max(64);
const Instant = z.iso.datetime({ offset: true, message: "an ISO date and time, e.g. 2026-12-01T09:00:00Z" });

/** The filters of the Runs view, GET /api/executions and its export; every one may be left out. */
export const RunFilters = z.strictObject({
  /** the agent's name */
  agent: z.string().min(1).max(64).optional(),
  trigger: Trigger.optional(),
  status: StatusList.optional(),
  /** a schedule's id */
  schedule: Id.optional(),
  /** a process's id: the executions of its runs' steps */
  process: Id.optional(),
  /** created at or after */
  from: Instant.optional(),
  /** created before */
  to: Instant.optional(),
  /** text in the message or the response, any case */
  q: z.string().trim().min(1, "search text is empty").max(200).optional(),
  /** an execution's id: that execution and its retries */
  retryOf: Id.optional(),
});
export type RunFilters = z.infer<typeof RunFilters>;
/** The filter names, in the order the Runs view puts them in its URL. */
export const RUN_FILTER_KEYS = Object.keys(RunFilters.shape) as (keyof RunFilters)[];

const fromBeforeTo = (f: { from?: string; to?: string }) => !f.from || !f.to || Date.parse(f.from) < Date.parse(f.to);
const FROM_BEFORE_TO = { message: "from must be before to", path: ["to"] };

/** GET /api/executions */
export const RunListQuery = RunFilters.extend({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().min(1).max(200).optional(),
}).refine(fromBeforeTo, FROM_BEFORE_TO);
export type RunListQuery = z.infer<typeof RunListQuery>;

/** The most runs one export holds; a longer list is cut there and says so. */
export const RUN_EXPORT_CAP = 10_000;

/** GET /api/executions/export */
export const RunExportQuery = RunFilters.extend({ format: z.enum(["csv", "json"]).default("csv") }).refine(
  fromBeforeTo,
  FROM_BEFORE_TO,
);
export type RunExportQuery = z.infer<typeof RunExportQuery>;

/** One row of the Runs view: the execution, the names around it, and the process step it ran for. */
export interface RunDto extends ExecutionDto {
  scheduleName: string | null;
  process: { runId: string; processId: string; processName: string; stepId: string } | null;
}

export interface RunPage {
  runs: RunDto[];
  nextCursor: string | null;
}
