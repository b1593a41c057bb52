// Backfill: run the slots of a past time range. A preview lists the range's slots (at most BACKFILL_MAX_SLOTS, within
// the schedule's start/end window) and marks those that already have a run; a confirm inserts one execution per slot
// with the slot's own unique key (scheduleId, scheduledFor, attempt 1), the same insert the scheduler's claims make, so
// a slot runs exactly once however many confirms race, and a slot that already has a run is reported skipped. The
// runs are queued at once (no jitter, overlap not applied: they wait in the agent's queue under its concurrency
// limit), trigger "schedule", with their events and one "backfilled" change row in the same transaction.
import { auditActor } from "@/lib/audit";
import type { Identity } from "@/lib/auth/identity";
import { db, dialect, direct } from "@/lib/db";
import { Prisma } from "@/lib/db/client-types";
import { fieldError, notFound } from "@/lib/errors";
import { appendEvents } from "@/lib/events/outbox";
import { executionEvent } from "@/lib/executions/events";
import { assertAgentRunning } from "@/lib/executions/executions";
import { auditSchedule, recordChange } from "./changes";
import { scheduleChangedEvent } from "./events";
import { claimSlots, firingSchedules } from "./firing";
import { assertCanChange, locate } from "./schedules";
import { BACKFILL_MAX_SLOTS, type BackfillDto, type BackfillSlotDto, type ScheduleBackfillInput } from "./schemas";
import { SlotClock, slotWindow } from "./slots";

type Existing = Map<number, { id: string; status: string }>;

/** The first attempts the slots have already. */
async function existingRuns(scheduleId: string, slots: Date[]): Promise<Existing> {
  if (slots.length === 0) return new Map();
  const rows = await db.execution.findMany({
    where: { scheduleId, attempt: 1, scheduledFor: { in: slots } },
    select: { id: true, status: true, scheduledFor: true },
  });
  return new Map(rows.map((r) => [r.scheduledFor!.getTime(), { id: r.id, status: r.status }]));
}

export async function backfillSchedule(
  agentName: string,
  id: string,
  input: ScheduleBackfillInput,
  who: Identity,
): Promise<BackfillDto> {
  const { agent, row } = await locate(agentName, id, db);
  assertCanChange(agent, who);
  const { from, to } = input;
  if (to.getTime() <= from.getTime()) throw fieldError("to", "The end of the range must be after its start");
  if (to.getTime() > Date.now()) throw fieldError("to", "The end of the range must not be in the future");
  const clock = new SlotClock(row.cron, row.timezone, slotWindow(row));
  const slots = clock.between(new Date(from.getTime() - 1), to, BACKFILL_MAX_SLOTS + 1);
  if (slots.length > BACKFILL_MAX_SLOTS)
    throw fieldError(
      "to",
      `The range holds more than ${BACKFILL_MAX_SLOTS} slots; a backfill runs at most ${BACKFILL_MAX_SLOTS}, choose a shorter range`,
      { maxSlots: BACKFILL_MAX_SLOTS },
    );
  const dto = (list: BackfillSlotDto[]): BackfillDto => ({
    confirmed: input.confirm,
    from: from.toISOString(),
    to: to.toISOString(),
    slots: list,
  });
  if (!input.confirm) {
    const existing = await existingRuns(row.id, slots);
    return dto(
      slots.map((slot) => {
        const e = existing.get(slot.getTime());
        return {
          slot: slot.toISOString(),
          outcome: e ? "already_ran" : "will_run",
          executionId: e?.id ?? null,
          status: e?.status ?? null,
        };
      }),
    );
  }
  const won = await direct.transaction(async (tx) => {
    // The claims' lock on the schedule's row: confirms of one schedule take turns (SQLite: the write lock).
    const locked = await tx.query<{ id: string }>(
      Prisma.sql`SELECT "id" FROM "Schedule" WHERE "id" = ${row.id} ${dialect().forUpdate}`,
    );
    if (locked.length === 0) throw notFound(`Schedule "${row.id}"`);
    const [schedule] = await firingSchedules(tx, [row.id]);
    assertAgentRunning(schedule.agent);
    const now = new Date();
    const rows = await claimSlots(
      tx,
      slots.map((slot) => ({ schedule, slot, agentModel: schedule.agent.model })),
      now,
    );
    const queued = rows.filter((r) => r !== null);
    await appendEvents(tx, [
      ...queued.map((r) => executionEvent("execution_queued", { ...r, createdById: null, conversationId: null })),
      scheduleChangedEvent(schedule, agent.name, "backfilled"),
    ]);
    const details = {
      from: from.toISOString(),
      to: to.toISOString(),
      queued: queued.length,
      skipped: slots.length - queued.length,
    };
    await recordChange(tx, { scheduleId: row.id, userId: who.userId, action: "backfilled", details, at: now });
    await auditSchedule(tx, auditActor(who), "backfilled", schedule, agent.name, { after: details }, now);
    return new Map(queued.map((r) => [r.scheduledFor!.getTime(), r.id]));
  });
  const existing = await existingRuns(
    row.id,
    slots.filter((s) => !won.has(s.getTime())),
  );
  return dto(
    slots.map((slot) => {
      const mine = won.get(slot.getTime());
      const e = existing.get(slot.getTime());
      return mine
        ? { slot: slot.toISOString(), outcome: "queued", executionId: mine, status: "queued" }
        : { slot: slot.toISOString(), outcome: "skipped", executionId: e?.id ?? null, status: e?.status ?? null };
    }),
  );
}
