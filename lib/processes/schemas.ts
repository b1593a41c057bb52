// Process definitions (the YAML format), request bodies and the process/run/approval DTOs, shared by route handlers,
// the worker and the browser (no server imports here).
import { z } from "zod";
import { AgentName, ModelChoice } from "@/lib/agents/schemas";
import { safeText } from "@/lib/text/safe-text";

export type RunStatus = "running" | "paused" | "completed" | "failed" | "cancelled";
export type StepStatus = "running" | "waiting" | "completed" | "failed" | "rejected" | "cancelled" | "timed_out";
export type ApprovalStatus = "pending" | "approved" | "rejected" | "changes_requested" | "timed_out" | "cancelled";
/** A person's decision: request_changes closes the approval like a rejection, with a comment saying what to change. */
export type Decision = "approve" | "reject" | "request_changes";
export type StepType = "agent_task" | "human_approval";

export const FINISHED_RUN_STATUSES: readonly RunStatus[] = ["completed", "failed", "cancelled"];
export const APPROVAL_STATUSES = [
  "pending",
  "approved",
  "rejected",
  "changes_requested",
  "timed_out",
  "cancelled",
] as const;

// ---- limits ------------------------------------------------------------------------------------------------------

/**
 * What one definition may hold. Checking a definition runs on the web server's event loop, so these keep it well
 * under a second whatever is sent; a real process is far inside all of them.
 */
export const PROCESS_LIMITS = {
  /** the YAML text, in UTF-8 bytes */
  yamlBytes: 256 * 1024,
  steps: 100,
  /** `{{…}}` in the whole text */
  templates: 1000,
  /** collections inside collections (a definition needs 4) */
  depth: 16,
  /** `*name` references to `&name` anchors */
  aliases: 10,
  /** lexical tokens (keys, values, punctuation): what parsing time grows with; 100 full steps take about 8,000 */
  tokens: 20_000,
} as const;

/** Reminders: how many durations a step may list, and how many reminders one approval gets at most. */
export const REMINDER_LIMITS = { listed: 10, perApproval: 100 } as const;

/** What a run may be started with: the input object as JSON, and how deeply it nests. */
export const RUN_INPUT_LIMITS = { chars: 100_000, depth: 16 } as const;

const utf8Bytes = (s: string) => new TextEncoder().encode(s).length;

// ---- the definition ----------------------------------------------------------------------------------------------

/** `30s`, `10m`, `24h`, `2d` */
export const DURATION_PATTERN = /^([1-9][0-9]{0,6})(s|m|h|d)$/;
const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const;

export function durationSeconds(text: string): number {
  const m = DURATION_PATTERN.exec(text);
  if (!m) throw new Error(`not a duration: ${text}`);
  return Number(m[1]) * UNIT_SECONDS[m[2] as keyof typeof UNIT_SECONDS];
}

function duration(maxSeconds: number, maxText: string) {
  return z
    .string()
    .regex(DURATION_PATTERN, 'use a number and a unit: "30s", "10m", "24h" or "2d"')
    .refine((s) => !DURATION_PATTERN.test(s) || durationSeconds(s) <= maxSeconds, `at most ${maxText}`);
}

/** A step id is what templates and on_reject name: letters, digits, `_` and `-`, starting with a letter. */
export const StepId = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]{0,62}$/, "use 1-63 letters, digits, _ or -, starting with a letter")
  .refine((id) => id !== "cancel", '"cancel" is reserved for on_reject');

export const ProcessName = AgentName;
const Template = (max: number) => z.string().max(max, `at most ${max} characters`);

/** An approver group's name: a slug, used in approvers as `group:<name>`. */
export const GroupName = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9-]{0,62}$/, "use 1-63 lower-case letters, digits or -, starting with a letter");

/** An approver: an email address, `role:<role>` or `group:<name>`. */
export const Approver = z
  .string()
  .trim()
  .refine(
    (s) =>
      /^role:[a-z][a-z0-9_-]{0,31}$/.test(s) || /^group:[a-z][a-z0-9-]{0,62}$/.test(s) || /^[^\s@]+@[^\s@]+$/.test(s),
    'use an email address, "role:<role>" or "group:<name>"',
  );

export const AgentTaskStep = z.strictObject({
  id: StepId,
  type: z.literal("agent_task"),
  agent: AgentName,
  message: Template(100_000).min(1, "message is empty"),
  model: ModelChoice.optional(),
  timeout: duration(86400, "24h").optional(),
});
export type AgentTaskStep = z.infer<typeof AgentTaskStep>;

export const HumanApprovalStep = z.strictObject({
  id: StepId,
  type: z.literal("human_approval"),
  title: Template(500).min(1, "title is empty").superRefine(safeText()),
  description: Template(100_000).optional(),
  approvers: z.array(Approver).max(100).optional(),
  required_approvals: z.number().int().min(1).max(100).optional(),
  timeout: duration(365 * 86400, "365d").optional(),
  on_timeout: z.enum(["reject", "approve"]).optional(),
  on_reject: z.string().optional(),
  allow_self_approval: z.boolean().optional(),
  /** reminders this long before the deadline (needs a timeout), e.g. [4h, 1h] */
  reminders: z
    .array(duration(365 * 86400, "365d"))
    .min(1, "list at least one duration, or leave reminders out")
    .max(REMINDER_LIMITS.listed, `at most ${REMINDER_LIMITS.listed} reminders`)
    .optional(),
  /** a reminder this often, counted from the request, until it is decided or its deadline passes */
  remind_every: duration(30 * 86400, "30d").optional(),
  /** approvers added when a reminder went unanswered */
  escalate_to: z.array(Approver).min(1, "name at least one approver").max(100).optional(),
  /** escalation comes with the reminder after this many unanswered ones (default 1) */
  escalate_after: z
    .number()
    .int()
    .min(1)
    .max(REMINDER_LIMITS.perApproval - 1)
    .optional(),
});
export type HumanApprovalStep = z.infer<typeof HumanApprovalStep>;

export const ProcessStep = z.discriminatedUnion("type", [AgentTaskStep, HumanApprovalStep], {
  error: (issue) => (issue.code === "invalid_union" ? 'type must be "agent_task" or "human_approval"' : undefined),
});
export type ProcessStep = z.infer<typeof ProcessStep>;

/** The shape of a definition; cross-step rules (references, duplicates) are checked in definition.ts. */
export const ProcessDefinition = z.strictObject({
  name: ProcessName,
  description: z
    .string()
    .max(2000)
    .superRefine(safeText({ multiline: true }))
    .optional(),
  steps: z
    .array(ProcessStep)
    .min(1, "a process needs at least one step")
    .max(PROCESS_LIMITS.steps, `at most ${PROCESS_LIMITS.steps} steps`),
});
export type ProcessDefinition = z.infer<typeof ProcessDefinition>;

// ---- request bodies ----------------------------------------------------------------------------------------------

export const ProcessYamlInput = z.strictObject({
  yaml: z
    .string()
    // Characters first (cheap, and no string this long can fit), then the bytes it takes.
    .max(PROCESS_LIMITS.yamlBytes, `at most ${PROCESS_LIMITS.yamlBytes / 1024} KB`)
    .refine((y) => utf8Bytes(y) <= PROCESS_LIMITS.yamlBytes, `at most ${PROCESS_LIMITS.yamlBytes / 1024} KB`),
});
export type ProcessYamlInput = z.infer<typeof ProcessYamlInput>;

/** How deeply objects and arrays nest in a JSON value (a scalar is 0), walked without recursion. */
export function jsonValueDepth(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    deepest = Math.max(deepest, depth + 1);
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return deepest;
}

const RunInput = z.record(z.string(), z.unknown()).superRefine((input, ctx) => {
  // Depth first: it is measured without recursion, and only a bounded value is then turned into JSON.
  if (jsonValueDepth(input) > RUN_INPUT_LIMITS.depth) {
    ctx.addIssue({ code: "custom", message: `nested more than ${RUN_INPUT_LIMITS.depth} levels deep`, input });
  } else if (JSON.stringify(input).length > RUN_INPUT_LIMITS.chars) {
    ctx.addIssue({
      code: "custom",
      message: `larger than ${RUN_INPUT_LIMITS.chars.toLocaleString("en-US")} characters as JSON`,
      input,
    });
  }
});

export const RunStartInput = z.strictObject({ input: RunInput.default({}) });
export type RunStartInput = z.infer<typeof RunStartInput>;

export const DecideInput = z
  .strictObject({
    decision: z.enum(["approve", "reject", "request_changes"]),
    comment: z.string().trim().max(2000, "at most 2000 characters").optional(),
  })
  .superRefine((body, ctx) => {
    if (body.decision === "request_changes" && !body.comment)
      ctx.addIssue({ code: "custom", path: ["comment"], message: "say what should change: a comment is required" });
  });
export type DecideInput = z.infer<typeof DecideInput>;

export const ApprovalListQuery = z.strictObject({
  status: z.enum([...APPROVAL_STATUSES, "all"]).default("pending"),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  /** the id of the last approval of the previous page */
  cursor: z.string().min(1).max(64).optional(),
});
export type ApprovalListQuery = z.infer<typeof ApprovalListQuery>;

// ---- DTOs --------------------------------------------------------------------------------------------------------

export interface YamlError {
  message: string;
  line: number | null;
  column: number | null;
  path: string | null;
  /** set when a limit of PROCESS_LIMITS was passed: the limit */
  limit?: number;
}

export interface ProcessStepSummary {
  id: string;
  type: StepType;
  /** agent name or approval title */
  label: string;
}

export interface UserRef {
  id: string;
  name: string;
  email: string;
}

export interface ValidateResult {
  ok: boolean;
  errors: YamlError[];
  steps: ProcessStepSummary[];
}

export interface ProcessDto {
  id: string;
  name: string;
  description: string;
  yaml: string;
  version: number;
  steps: ProcessStepSummary[];
  createdBy: UserRef | null;
  createdAt: string;
  updatedAt: string;
  lastRun: { id: string; status: RunStatus; createdAt: string } | null;
}

export interface ApprovalDecisionDto {
  user: UserRef;
  /** the approver a delegate decided for; null when they decided for themselves */
  onBehalfOf: UserRef | null;
  decision: Decision;
  comment: string | null;
  createdAt: string;
}

export interface ApprovalContext {
  input: Record<string, unknown>;
  steps: Record<string, { output: string | null; comment?: string | null }>;
}

export interface ApprovalDto {
  id: string;
  runId: string;
  processId: string;
  processName: string;
  stepId: string;
  title: string;
  description: string;
  context: ApprovalContext;
  startedBy: UserRef | null;
  approvers: string[];
  requiredApprovals: number;
  allowSelfApproval: boolean;
  status: ApprovalStatus;
  deadlineAt: string | null;
  onTimeout: "approve" | "reject";
  createdAt: string;
  decidedAt: string | null;
  decisions: ApprovalDecisionDto[];
  approveCount: number;
  rejectCount: number;
  /** the deciding comment(s) once closed: a request for changes' comment, else the comments joined */
  comment: string | null;
  remindersSent: number;
  nextReminderAt: string | null;
  /** the approvers added on escalation (as written in the step), and when that happened */
  escalateTo: string[];
  escalatedAt: string | null;
  /** the asking user is eligible, has not decided yet, and it is pending */
  canDecide: boolean;
  /** when the asking user decides as a delegate: the approver they decide for */
  decidingFor: UserRef | null;
  /** the asking user is an approver who may hand this approval to someone else now */
  canDelegate: boolean;
}

export interface StepRunDto {
  id: string;
  stepId: string;
  type: StepType;
  iteration: number;
  status: StepStatus;
  output: string | null;
  error: string | null;
  executionId: string | null;
  agentName: string | null;
  startedAt: string;
  finishedAt: string | null;
  approval: ApprovalDto | null;
}

export interface ProcessRunDto {
  id: string;
  processId: string;
  processName: string;
  status: RunStatus;
  input: Record<string, unknown>;
  currentStepId: string | null;
  error: string | null;
  startedBy: UserRef | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
  /** the definition's steps at run start, in order */
  definitionSteps: ProcessStepSummary[];
  /** step runs in the order they started */
  steps: StepRunDto[];
}

export function summarizeSteps(def: Pick<ProcessDefinition, "steps">): ProcessStepSummary[] {
  return def.steps.map((s) => ({ id: s.id, type: s.type, label: s.type === "agent_task" ? s.agent : s.title }));
}
