// Socket.IO events shared by web, worker and browser. Payloads carry a version so clients can tell shapes apart.
import { z } from "zod";
import { AgentName } from "@/lib/agents/schemas";
import { OutputEntry } from "@/lib/executions/output-entry";
import { SCHEDULE_CHANGES } from "@/lib/schedules/schemas";

export const EVENT_VERSION = 1;

const base = { v: z.literal(EVENT_VERSION), at: z.string() };

export const ExecutionEventPayload = z.object({
  ...base,
  executionId: z.string(),
  agentId: z.string(),
  agentName: z.string(),
  status: z.string(),
  trigger: z.string(),
  scheduleId: z.string().nullish(),
  conversationId: z.string().nullish(),
});

/** Entries of a run's transcript as they are stored, in seq order (a batch at most OUTPUT_EVENT_ENTRIES long). */
export const ExecutionOutputPayload = z.object({
  ...base,
  executionId: z.string(),
  agentName: z.string(),
  conversationId: z.string().nullish(),
  entries: z.array(OutputEntry).max(100),
});

export const ScheduleChangedPayload = z.object({
  ...base,
  scheduleId: z.string(),
  agentId: z.string(),
  agentName: z.string(),
  change: z.enum(SCHEDULE_CHANGES),
});

export const ApprovalEventPayload = z.object({
  ...base,
  approvalId: z.string(),
  processRunId: z.string(),
  title: z.string(),
  status: z.string(),
  /** user ids that may decide; empty means anyone signed in */
  approverUserIds: z.array(z.string()),
});

/**
 * A reminder that an approval still waits (the approvers who have not decided yet), or its escalation to further
 * approvers when a reminder went unanswered (`escalated`). Workers' notifiers turn it into email, Slack and webhooks.
 */
const ApprovalReminderPayload = ApprovalEventPayload.extend({
  deadlineAt: z.string().nullish(),
  /** 1 for the first reminder of this approval, 2 for the second, … */
  reminder: z.number().int().min(1),
  escalated: z.boolean(),
});

export const ProcessRunChangedPayload = z.object({
  ...base,
  processRunId: z.string(),
  processId: z.string(),
  status: z.string(),
  startedById: z.string().nullish(),
});

/**
 * Not delivered to browsers: tells the worker to drop the live connections in its rooms (a person's role changed,
 * their password was reset or they were removed), so each reconnects with a fresh token, or cannot.
 */
export const AccessChangedPayload = z.object({ ...base, userId: z.string() });

/** Not delivered to browsers: an agent was marked deleted; workers' purgers remove what it owned. */
export const AgentDeletedPayload = z.object({ ...base, agentId: z.string(), agentName: z.string() });

/**
 * Not delivered to browsers: the owning runner (by id) stops the run and records it cancelled. The runner also reads
 * the column on its lease renewal, so a missed event delays the cancel, never loses it.
 */
export const ExecutionCancelRequestedPayload = ExecutionEventPayload.extend({ runnerId: z.string().nullish() });

export const EventSchemas = {
  /** a new execution waits for a runner; runners wake on it (they also poll) */
  execution_queued: ExecutionEventPayload,
  execution_started: ExecutionEventPayload,
  execution_output: ExecutionOutputPayload,
  execution_finished: ExecutionEventPayload,
  execution_cancel_requested: ExecutionCancelRequestedPayload,
  schedule_changed: ScheduleChangedPayload,
  approval_required: ApprovalEventPayload,
  approval_decided: ApprovalEventPayload,
  approval_reminder: ApprovalReminderPayload,
  process_run_changed: ProcessRunChangedPayload,
  access_changed: AccessChangedPayload,
  agent_deleted: AgentDeletedPayload,
} as const;

export type EventName = keyof typeof EventSchemas;
export type EventPayload<E extends EventName> = z.infer<(typeof EventSchemas)[E]>;

/** A room a published event may go to: "all", "admins", "user:<id>" or "agent:<name>". */
export const RoomName = z
  .string()
  .regex(
    /^(all|admins|user:[A-Za-z0-9_-]{1,128}|agent:[a-z0-9][a-z0-9-]{0,62})$/,
    'use "all", "admins", "user:<id>" or "agent:<name>"',
  );

/** What the web process sends to the worker's internal namespace: the event plus where it goes. */
export const PublishedEvent = z.object({
  name: z.enum(Object.keys(EventSchemas) as [EventName, ...EventName[]]),
  payload: z.record(z.string(), z.unknown()),
  /** socket rooms to deliver to, e.g. "user:<id>", "agent:<name>", "all" */
  /** empty for events only workers act on (they hear every event; browsers get none of these) */
  rooms: z.array(RoomName).max(100),
});
export type PublishedEvent = z.infer<typeof PublishedEvent>;

/** What a browser sends with `subscribe` / `unsubscribe`. */
export const AgentSubscription = z.object({ agent: AgentName });
export type AgentSubscription = z.infer<typeof AgentSubscription>;

/** Answer to `publish`, `subscribe` and `unsubscribe`. */
export type Ack = { ok: true } | { ok: false; error: string };

export type ParsedEvent = { ok: true; event: PublishedEvent } | { ok: false; error: string };

function describeIssues(error: z.ZodError, prefix: string): string {
  return error.issues.map((i) => `${[prefix, ...i.path].filter((p) => p !== "").join(".")}: ${i.message}`).join("; ");
}

/** Checks the envelope and then the payload against its event's schema; the error names the bad fields only. */
export function parsePublishedEvent(raw: unknown): ParsedEvent {
  const envelope = PublishedEvent.safeParse(raw);
  if (!envelope.success) return { ok: false, error: describeIssues(envelope.error, "") };
  const payload = EventSchemas[envelope.data.name].safeParse(envelope.data.payload);
  if (!payload.success) return { ok: false, error: describeIssues(payload.error, "payload") };
  return { ok: true, event: { ...envelope.data, payload: payload.data } };
}

export const rooms = {
  user: (userId: string) => `user:${userId}`,
  agent: (agentName: string) => `agent:${agentName}`,
  /** every signed-in user */
  all: "all",
  /** the signed-in admins (the role in their realtime token) */
  admins: "admins",
} as const;
