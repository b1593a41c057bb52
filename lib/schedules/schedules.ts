// Schedules of an agent: list, read, create, edit, delete, enable/disable, Run Now and history. Every signed-in user
// may read them and Run Now; the agent's owner or an admin may change them. Each change is one write followed by a
// schedule_changed event, which is how the worker learns to re-arm the schedule.

import { canManage } from "@/lib/agents/access";
import { type AgentWithOwner, getAgentOrThrow } from "@/lib/agents/agents";
import { auditActor, changedFields as auditedChanges } from "@/lib/audit";
import type { Identity } from "@/lib/auth/identity";
import { db, type Tx, transact } from "@/lib/db";
import type { Prisma } from "@/lib/db/client-types";
import { AppError, conflict, fieldError, forbidden, notFound } from "@/lib/errors";
import { appendEvents } from "@/lib/events/outbox";
import { toExecutionDto } from "@/lib/executions/dto";
import { type ExecutionPage, listExecutions } from "@/lib/executions/executions";
import type { ExecutionDto } from "@/lib/executions/schemas";
import { getScheduleSettings } from "@/lib/settings";
import { auditSchedule, changedFields, listChanges, recordChange } from "./changes";
import { shortestGapSeconds } from "./cron-spec";
import { type ScheduleRow, scheduleInclude, toScheduleDto } from "./dto";
import { scheduleChangedEvent } from "./events";
import { runNowSkippedError, runScheduleNow } from "./run-now";
import type {
  ScheduleChange,
  ScheduleChangeDto,
  ScheduleCreateInput,
  ScheduleDto,
  ScheduleExecutionsQuery,
  ScheduleUpdateInput,
} from "./schemas";

export interface Located {
  agent: AgentWithOwner;
  row: ScheduleRow;
}

export async function locate(agentName: string, id: string, tx: Tx): Promise<Located> {
  const agent = await getAgentOrThrow(agentName, tx);
  const row = await tx.schedule.findFirst({ where: { id, agentId: agent.id }, include: scheduleInclude });
  if (!row) throw notFound(`Schedule "${id}" of agent "${agent.name}"`);
  return { agent, row };
}

export function assertCanChange(agent: AgentWithOwner, who: Identity): void {
  if (!canManage(agent, who)) {
    throw forbidden(`Only the owner of agent "${agent.name}" or an admin may change its schedules`);
  }
}

/** "90 seconds", "1 minute", "2 hours": a duration as Settings shows it. */
function describeSeconds(total: number): string {
  const [n, unit] =
    total % 3600 === 0 ? [total / 3600, "hour"] : total % 60 === 0 ? [total / 60, "minute"] : [total, "second"];
  return `${n} ${unit}${n === 1 ? "" : "s"}`;
}

/** A non-admin's expression may not run more often than Settings allows; admins are exempt. */
async function assertRunsOftenEnough(cron: string, who: Identity, tx: Tx): Promise<void> {
  if (who.role === "admin") return;
  const { minIntervalSeconds } = await getScheduleSettings(tx);
  const gap = shortestGapSeconds(cron);
  if (gap >= minIntervalSeconds) return;
  const message = `runs ${describeSeconds(gap)} apart at its closest; the minimum time between runs is ${describeSeconds(minIntervalSeconds)} (an admin sets it in Settings)`;
  const sentence = `Cron expression ${message}`;
  throw new AppError("validation_failed", sentence, [
    { field: "cron", message: sentence, minimumSeconds: minIntervalSeconds },
  ]);
}

/** A window's end comes after its start. */
function assertWindow(startAt: Date | null, endAt: Date | null): void {
  if (startAt && endAt && endAt.getTime() <= startAt.getTime())
    throw fieldError("endAt", "End date must be after the start date");
}

/** A second schedule with the same name on the agent: the unique (agentId, name) index answers, mapped to 409. */
async function uniqueName<T>(name: string | undefined, agentName: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if ((err as { code?: string }).code === "P2002") {
      throw conflict(`Agent "${agentName}" already has a schedule named "${name}"`, [
        { field: "name", message: "taken" },
      ]);
    }
    throw err;
  }
}

/** What the audit log keeps of a schedule created or deleted. */
function scheduleFields(row: ScheduleRow): Record<string, unknown> {
  const { id, name, cron, timezone, enabled, message, model, overlapPolicy, timeoutSeconds, retryCount } = row;
  return { id, name, cron, timezone, enabled, message, model, overlapPolicy, timeoutSeconds, retryCount };
}

export async function listSchedules(agentName: string, tx: Tx = db): Promise<ScheduleDto[]> {
  const agent = await getAgentOrThrow(agentName, tx);
  const rows = await tx.schedule.findMany({
    where: { agentId: agent.id },
    orderBy: { name: "asc" },
    include: scheduleInclude,
  });
  const now = new Date();
  return rows.map((row) => toScheduleDto(row, now));
}

export async function getScheduleOrThrow(agentName: string, id: string, tx: Tx = db): Promise<ScheduleRow> {
  return (await locate(agentName, id, tx)).row;
}

export async function getSchedule(agentName: string, id: string, tx: Tx = db): Promise<ScheduleDto> {
  return toScheduleDto(await getScheduleOrThrow(agentName, id, tx));
}

export async function createSchedule(
  agentName: string,
  input: ScheduleCreateInput,
  who: Identity,
  tx: Tx = db,
): Promise<ScheduleDto> {
  const agent = await getAgentOrThrow(agentName, tx);
  assertCanChange(agent, who);
  await assertRunsOftenEnough(input.cron, who, tx);
  assertWindow(input.startAt, input.endAt);
  const row = await uniqueName(input.name, agent.name, () =>
    transact(tx, async (t) => {
      const created = await t.schedule.create({
        data: { ...input, agentId: agent.id, createdById: who.userId },
        include: scheduleInclude,
      });
      await recordChange(t, { scheduleId: created.id, userId: who.userId, action: "created" });
      await auditSchedule(t, auditActor(who), "created", created, agent.name, { after: scheduleFields(created) });
      await appendEvents(t, [scheduleChangedEvent(created, agent.name, "created")]);
      return created;
    }),
  );
  return toScheduleDto(row);
}

/** The event an edit announces: enabling or disabling alone reads as such, anything else as "updated". */
function changeOf(input: ScheduleUpdateInput): Extract<ScheduleChange, "updated" | "enabled" | "disabled"> {
  const keys = Object.keys(input);
  if (keys.length === 1 && input.enabled !== undefined) return input.enabled ? "enabled" : "disabled";
  return "updated";
}

/**
 * Slots the schedule could not have run are not missed: when it is switched on, or its expression or time zone
 * changes, the scheduler's catch-up starts from now instead of the last slot it handled.
 */
function restartsSlots(row: ScheduleRow, input: ScheduleUpdateInput): boolean {
  return (
    (input.enabled === true && !row.enabled) ||
    (input.cron !== undefined && input.cron !== row.cron) ||
    (input.timezone !== undefined && input.timezone !== row.timezone)
  );
}

/** Partial edit in one write; bumps `version` so the worker can tell the armed job is stale. */
export async function updateSchedule(
  agentName: string,
  id: string,
  input: ScheduleUpdateInput,
  who: Identity,
  tx: Tx = db,
): Promise<ScheduleDto> {
  const { agent, row } = await locate(agentName, id, tx);
  assertCanChange(agent, who);
  // Only the fields that change are written; an edit that changes nothing writes nothing and announces nothing.
  const same = (a: unknown, b: unknown) =>
    a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;
  const given = Object.fromEntries(
    Object.entries(input).filter(([key, value]) => value !== undefined && !same(value, row[key as keyof ScheduleRow])),
  ) as ScheduleUpdateInput;
  if (Object.keys(given).length === 0) return toScheduleDto(row);
  // Checked when the expression changes: a schedule an admin set up keeps running as it is while its owner edits the rest.
  if (given.cron !== undefined) await assertRunsOftenEnough(given.cron, who, tx);
  assertWindow(
    given.startAt === undefined ? row.startAt : given.startAt,
    given.endAt === undefined ? row.endAt : given.endAt,
  );
  const data: Prisma.ScheduleUpdateInput = { ...given, version: { increment: 1 } };
  if (restartsSlots(row, given)) data.lastSlotAt = new Date();
  const updated = await uniqueName(given.name, agent.name, () =>
    transact(tx, async (t) => {
      const changed = await t.schedule.update({ where: { id: row.id }, data, include: scheduleInclude });
      const action = changeOf(given);
      await recordChange(t, {
        scheduleId: row.id,
        userId: who.userId,
        action,
        details: action === "updated" ? { fields: changedFields(row, given) } : {},
      });
      await auditSchedule(t, auditActor(who), action, row, agent.name, auditedChanges(row, given));
      await appendEvents(t, [scheduleChangedEvent(changed, agent.name, action)]);
      return changed;
    }),
  );
  return toScheduleDto(updated);
}

export async function setScheduleEnabled(
  agentName: string,
  id: string,
  enabled: boolean,
  who: Identity,
  tx: Tx = db,
): Promise<ScheduleDto> {
  return updateSchedule(agentName, id, { enabled }, who, tx);
}

/** Deletes the schedule; its executions stay in the agent's history, no longer linked to it. */
export async function deleteSchedule(agentName: string, id: string, who: Identity, tx: Tx = db): Promise<void> {
  const { agent, row } = await locate(agentName, id, tx);
  assertCanChange(agent, who);
  await transact(tx, async (t) => {
    await t.schedule.delete({ where: { id: row.id } });
    await auditSchedule(t, auditActor(who), "deleted", row, agent.name, { before: scheduleFields(row) });
    await appendEvents(t, [scheduleChangedEvent(row, agent.name, "deleted")]);
  });
}

/**
 * Run Now: queues the schedule's message (with its model and timeout) as a manual execution linked to the schedule for
 * a runner, following its overlap policy (lib/schedules/run-now.ts): on `skip`, while a run of it is still going, the
 * request is recorded as skipped and answered 409 naming that run. Not tied to a slot, so it never takes the place of
 * a scheduled run.
 */
export async function triggerSchedule(agentName: string, id: string, who: Identity): Promise<ExecutionDto> {
  const { row } = await locate(agentName, id, db);
  const outcome = await runScheduleNow(row.id, who);
  if (outcome.kind === "skipped") throw runNowSkippedError(row.name, outcome);
  return toExecutionDto(outcome.execution);
}

/** The schedule's executions (fired, skipped, retried and Run Now), newest first. */
export async function listScheduleExecutions(
  agentName: string,
  id: string,
  query: ScheduleExecutionsQuery,
  who: Identity,
  tx: Tx = db,
): Promise<ExecutionPage> {
  const { agent, row } = await locate(agentName, id, tx);
  return listExecutions(agent.id, { ...query, scheduleId: row.id }, who, tx);
}

/** Who changed the schedule, how and when, newest first (any signed-in user, as the schedule itself). */
export async function listScheduleChanges(agentName: string, id: string, tx: Tx = db): Promise<ScheduleChangeDto[]> {
  const { row } = await locate(agentName, id, tx);
  return listChanges(tx, row.id);
}
