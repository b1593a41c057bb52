// The record of who changed a schedule, how and when: one ScheduleChange row, written in the transaction of the change
// it records (with the schedule_changed event), read newest first as the schedule's "Changes" list.
import { type AuditActor, auditWrite } from "@/lib/audit";
import { executeOn, type Sql, type Tx } from "@/lib/db";
import { Prisma } from "@/lib/db/client-types";
import { newId } from "@/lib/db/ids";
import type { ScheduleChangeAction, ScheduleChangeDto } from "./schemas";

export interface ChangeRecord {
  scheduleId: string;
  /** null: the worker (automatic resume, auto-pause) */
  userId: string | null;
  action: ScheduleChangeAction;
  details?: Record<string, unknown>;
  at?: Date;
}

/** Plain SQL, so the claims' transactions (lib/db/sql.ts) and Prisma's both write it. */
export async function recordChange(tx: Sql | Tx, change: ChangeRecord): Promise<void> {
  const details = JSON.stringify(change.details ?? {});
  await executeOn(
    tx,
    Prisma.sql`INSERT INTO "ScheduleChange" ("id", "scheduleId", "userId", "action", "details", "at")
      VALUES (${newId()}, ${change.scheduleId}, ${change.userId}, ${change.action}, ${details}, ${change.at ?? new Date()})`,
  );
}

/** The audit log's entry for a schedule change (`schedule.<action>`), in the same transaction as the change. */
export function auditSchedule(
  tx: Sql | Tx,
  actor: AuditActor,
  action: string,
  schedule: { id: string; name: string; agentId: string },
  agentName: string,
  fields: { before?: Record<string, unknown> | null; after?: Record<string, unknown> | null } = {},
  at?: Date,
): Promise<void> {
  return auditWrite(
    tx,
    actor,
    {
      action: `schedule.${action}`,
      targetType: "schedule",
      targetId: schedule.id,
      targetLabel: `${agentName} / ${schedule.name}`,
      agent: { id: schedule.agentId, name: agentName },
      ...fields,
    },
    at,
  );
}

/** The fields an edit changed, each as { from, to } (dates as ISO); the message only as "changed" when long. */
export function changedFields(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): Record<string, { from: unknown; to: unknown }> {
  const plain = (v: unknown) => (v instanceof Date ? v.toISOString() : v);
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const [key, value] of Object.entries(after)) out[key] = { from: plain(before[key]), to: plain(value) };
  return out;
}

export const CHANGES_SHOWN = 50;

/** The schedule's latest changes, newest first. */
export async function listChanges(tx: Tx, scheduleId: string, take = CHANGES_SHOWN): Promise<ScheduleChangeDto[]> {
  const rows = await tx.scheduleChange.findMany({
    where: { scheduleId },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take,
    include: { user: { select: { id: true, name: true } } },
  });
  return rows.map((r) => ({
    id: r.id,
    action: r.action as ScheduleChangeAction,
    user: r.user,
    details: parseDetails(r.details),
    at: r.at.toISOString(),
  }));
}

function parseDetails(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
