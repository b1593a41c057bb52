// Deleting an agent, in two steps. The DELETE request marks it in one short transaction: renamed out of the way (its
// name is free at once), status "deleted" (no runner claims its queued work), its schedules switched off and its
// skill assignments gone; every read leaves it out from then on. What it owned — executions (there may be hundreds of
// thousands), conversations, schedules — the workers remove afterwards in batches (worker/agent-purger.ts), each one
// short statement, so no request and no claim waits behind a long cascade; the agent row goes last. The mark is in
// the database, so a restart takes the work up where it stopped.
import { type Db, dialect, type Tx, transact } from "@/lib/db";
import { conflict } from "@/lib/errors";
import { appendEvents, type OutboxEvent } from "@/lib/events/outbox";
import { EVENT_VERSION } from "@/lib/realtime/events";
import { scheduleChangedEvent } from "@/lib/schedules/events";
import { removeWorkspace } from "./workspace";

/** A deleted agent's status: anything but "running", so its queued executions are never claimed. */
export const DELETED_STATUS = "deleted";

/**
 * The name a deleted agent carries until its row goes: a slug (events naming the agent stay valid), unique by the id,
 * and never found by name (reads skip deleted agents).
 */
export function deletedAgentName(id: string): string {
  return `deleted-${id.toLowerCase().replace(/[^a-z0-9-]/g, "-")}`.slice(0, 63);
}

/** For workers only: wakes their purgers. */
function agentDeletedEvent(agent: { id: string; name: string }): OutboxEvent {
  return {
    name: "agent_deleted",
    rooms: [],
    payload: { v: EVENT_VERSION, at: new Date().toISOString(), agentId: agent.id, agentName: agent.name },
  };
}

/**
 * The request's part: one conditional write (not while an execution runs) and the few small writes that make the agent
 * disappear at once, with their events, in one transaction. Bounded whatever the agent's history: it touches the agent
 * row, its schedules and its skill assignments, never its executions.
 */
export async function markAgentDeleted(
  agent: { id: string; name: string },
  tx: Tx,
  /** what else the deletion writes in its transaction: the audit entry */
  alsoWrite?: (t: Tx) => Promise<void>,
): Promise<void> {
  await transact(tx, async (t) => {
    const { count } = await t.agent.updateMany({
      where: { id: agent.id, deletedAt: null, executions: { none: { status: "running" } } },
      data: { name: deletedAgentName(agent.id), status: DELETED_STATUS, deletedAt: new Date() },
    });
    if (count === 0) {
      const running = await t.execution.count({ where: { agentId: agent.id, status: "running" } });
      if (running > 0) throw conflict(`Agent "${agent.name}" has ${running} running execution(s); cancel them or wait`);
      throw conflict(`Agent "${agent.name}" changed while deleting; try again`);
    }
    const schedules = await t.schedule.findMany({ where: { agentId: agent.id }, select: { id: true, agentId: true } });
    // Switched off, not deleted: deleting a schedule unlinks each of its executions, which is the purge's work.
    await t.schedule.updateMany({ where: { agentId: agent.id }, data: { enabled: false, version: { increment: 1 } } });
    await t.agentSkill.deleteMany({ where: { agentId: agent.id } });
    await alsoWrite?.(t);
    await appendEvents(t, [
      agentDeletedEvent(agent),
      ...schedules.map((s) => scheduleChangedEvent(s, agent.name, "deleted")),
    ]);
  });
}

export interface AgentToPurge {
  id: string;
  name: string;
  deletedAt: Date;
}

/** Agents marked deleted whose rows are still there, oldest mark first. */
export async function agentsToPurge(db: Db): Promise<AgentToPurge[]> {
  const rows = await db.agent.findMany({
    where: { deletedAt: { not: null } },
    orderBy: { deletedAt: "asc" },
    select: { id: true, name: true, deletedAt: true },
  });
  return rows.map((r) => ({ ...r, deletedAt: r.deletedAt! }));
}

export type PurgeStep =
  /** rows went (or another worker holds the next ones); call again after a pause */
  | { state: "progress"; table: "Execution" | "Conversation"; rows: number }
  /** only running executions are left: their cancel was asked for; call again once they have ended */
  | { state: "waiting"; running: number }
  /** the agent row is gone (or was already) */
  | { state: "done" };

/**
 * One batch: up to `batchSize` of the agent's executions, else of its conversations, else the agent row itself
 * (cascading to its schedules, which no execution links to any more). Each is one statement; rows another worker
 * holds are skipped.
 */
export async function purgeStep(db: Db, agentId: string, batchSize: number): Promise<PurgeStep> {
  const limit = Math.max(1, Math.floor(batchSize));
  const skipLocked = dialect().skipLocked;
  const executions = await db.$executeRaw`
    DELETE FROM "Execution" WHERE "id" IN (
      SELECT "id" FROM "Execution" WHERE "agentId" = ${agentId} AND "status" <> 'running' LIMIT ${limit} ${skipLocked}
    )`;
  if (executions > 0) return { state: "progress", table: "Execution", rows: executions };
  const conversations = await db.$executeRaw`
    DELETE FROM "Conversation" WHERE "id" IN (
      SELECT "id" FROM "Conversation" WHERE "agentId" = ${agentId} LIMIT ${limit} ${skipLocked}
    )`;
  if (conversations > 0) return { state: "progress", table: "Conversation", rows: conversations };

  // Only now, with no execution left, may the row go: its cascade then stays small (schedules, a late conversation).
  const { count } = await db.agent.deleteMany({
    where: { id: agentId, deletedAt: { not: null }, executions: { none: {} } },
  });
  if (count === 1 || !(await db.agent.findUnique({ where: { id: agentId }, select: { id: true } }))) {
    await removeWorkspace(deletedAgentName(agentId));
    return { state: "done" };
  }
  const running = await db.execution.count({ where: { agentId, status: "running" } });
  if (running === 0) return { state: "progress", table: "Execution", rows: 0 };
  // A run claimed just before the mark: its runner stops it at this request (it watches the column) and records it.
  await db.execution.updateMany({
    where: { agentId, status: "running", cancelRequestedAt: null },
    data: { cancelRequestedAt: new Date() },
  });
  return { state: "waiting", running };
}
