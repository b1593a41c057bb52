// Run Now follows the schedule's overlap policy as its fired slots do: on `skip`, while a run of the schedule is queued
// or running, no second run is queued — the request is recorded as a skipped execution naming the run still going
// (as a skipped slot is) and answered 409; on `queue` and `allow` a run is queued at once (`queue` waits in the agent's
// queue behind the one going, as a slot does). The check and the insert happen in one transaction that first locks
// the schedule's row (PostgreSQL: FOR UPDATE; SQLite: the transaction's write lock), the lock the scheduler's claims
// take too, so two Run Nows — from two web processes, or beside a firing slot — never both see the schedule idle.
import { auditActor } from "@/lib/audit";
import type { Identity } from "@/lib/auth/identity";
import { dialect, direct, type Sql } from "@/lib/db";
import { type Execution, Prisma } from "@/lib/db/client-types";
import { newId } from "@/lib/db/ids";
import { type AppError, conflict, notFound } from "@/lib/errors";
import { appendEvents } from "@/lib/events/outbox";
import type { ExecutionRow } from "@/lib/executions/dto";
import { executionEvent } from "@/lib/executions/events";
import { assertAgentRunning } from "@/lib/executions/executions";
import { auditSchedule, recordChange } from "./changes";
import { activeExecutions, firingSchedules } from "./firing";

export type RunNowOutcome =
  | { kind: "queued"; execution: ExecutionRow }
  | { kind: "skipped"; execution: ExecutionRow; busy: { id: string; status: string } };

/** The reason a skipped Run Now records, in the words a skipped slot uses. */
export const runNowSkippedReason = (busy: { id: string; status: string }) =>
  `skipped: the previous run (${busy.id}) was still ${busy.status} (overlap policy "skip")`;

async function insertRun(
  tx: Sql,
  values: {
    scheduleId: string;
    agentId: string;
    message: string;
    model: string;
    timeoutSeconds: number | null;
    createdById: string;
    skippedBecause: string | null;
    now: Date;
  },
) {
  const skipped = values.skippedBecause !== null;
  const [row] = await tx.query<Execution>(Prisma.sql`
    INSERT INTO "Execution" ("id", "agentId", "trigger", "status", "message", "model", "createdById", "timeoutSeconds",
      "scheduleId", "attempt", "error", "finishedAt", "createdAt")
    VALUES (${newId()}, ${values.agentId}, 'manual', ${skipped ? "skipped" : "queued"}, ${values.message}, ${values.model},
      ${values.createdById}, ${values.timeoutSeconds}, ${values.scheduleId}, 1, ${values.skippedBecause}, ${skipped ? values.now : null}, ${values.now})
    RETURNING *`);
  return row;
}

/** Queues the schedule's message now, or records it skipped when the schedule's policy says so (see above). */
export function runScheduleNow(scheduleId: string, who: Identity): Promise<RunNowOutcome> {
  return direct.transaction(async (tx): Promise<RunNowOutcome> => {
    const locked = await tx.query<{ id: string }>(
      Prisma.sql`SELECT "id" FROM "Schedule" WHERE "id" = ${scheduleId} ${dialect().forUpdate}`,
    );
    if (locked.length === 0) throw notFound(`Schedule "${scheduleId}"`);
    // Read under the lock: a policy or message changed a moment ago is the one that counts.
    const [schedule] = await firingSchedules(tx, [scheduleId]);
    assertAgentRunning(schedule.agent);
    const busy =
      schedule.overlapPolicy === "skip" ? (await activeExecutions(tx, [scheduleId])).get(scheduleId) : undefined;
    const now = new Date();
    const row = await insertRun(tx, {
      scheduleId,
      agentId: schedule.agentId,
      message: schedule.message,
      model: schedule.model ?? schedule.agent.model,
      timeoutSeconds: schedule.timeoutSeconds,
      createdById: who.userId,
      skippedBecause: busy ? runNowSkippedReason(busy) : null,
      now,
    });
    const execution: ExecutionRow = { ...row, agent: { name: schedule.agent.name } };
    await appendEvents(tx, [executionEvent(busy ? "execution_finished" : "execution_queued", execution)]);
    await recordChange(tx, {
      scheduleId,
      userId: who.userId,
      action: "run_now",
      details: { executionId: row.id, ...(busy ? { skipped: true } : {}) },
      at: now,
    });
    const ran = { executionId: row.id, status: row.status };
    await auditSchedule(tx, auditActor(who), "run_now", schedule, schedule.agent.name, { after: ran }, now);
    if (busy) return { kind: "skipped", execution, busy };
    await tx.execute(Prisma.sql`
      UPDATE "Schedule" SET "lastRunAt" = ${now} WHERE "id" = ${scheduleId} AND ("lastRunAt" IS NULL OR "lastRunAt" < ${now})`);
    return { kind: "queued", execution };
  });
}

/** The 409 a skipped Run Now answers: which run is still going, and the skipped execution recorded for the request. */
export function runNowSkippedError(
  scheduleName: string,
  outcome: Extract<RunNowOutcome, { kind: "skipped" }>,
): AppError {
  return conflict(
    `Not run: the previous run of "${scheduleName}" (${outcome.busy.id}) is still ${outcome.busy.status}, and its overlap policy is "skip"; ` +
      `the request was recorded as skipped (${outcome.execution.id}). Run Now is possible again once that run ends.`,
    [
      {
        field: "overlapPolicy",
        message: "skip",
        runningExecutionId: outcome.busy.id,
        runningStatus: outcome.busy.status,
        skippedExecutionId: outcome.execution.id,
      },
    ],
  );
}
