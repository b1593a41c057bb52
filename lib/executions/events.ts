// execution_started / execution_finished go to the agent's room and to the person who asked for the run. A chat
// turn is private: it goes to its author (who posted it: only a conversation's author may post in it) and to admins,
// never to the agent's room, which anyone signed in may join.
import { db } from "../db";
import { appendEvents, type OutboxEvent } from "../events/outbox";
import { createLog } from "../log";
import { EVENT_VERSION, rooms, type EventName } from "../realtime/events";
import { isPrivateExecution } from "./visibility";

const log = createLog("executions");

interface ExecutionForEvent {
  id: string;
  agentId: string;
  status: string;
  trigger: string;
  createdById: string | null;
  conversationId: string | null;
  scheduleId?: string | null;
  agent: { name: string };
}

/** The event announcing an execution's state, to the rooms that may see the execution. */
export function executionEvent(name: Extract<EventName, `execution_${string}`>, e: ExecutionForEvent): OutboxEvent {
  const to: string[] = isPrivateExecution(e) ? [rooms.admins] : [rooms.agent(e.agent.name)];
  if (e.createdById) to.push(rooms.user(e.createdById));
  return {
    name,
    rooms: to,
    payload: {
      v: EVENT_VERSION,
      at: new Date().toISOString(),
      executionId: e.id,
      agentId: e.agentId,
      agentName: e.agent.name,
      status: e.status,
      trigger: e.trigger,
      conversationId: e.conversationId,
      scheduleId: e.scheduleId ?? null,
    },
  };
}

/**
 * Appends the event on its own, after the change was written. For code not yet writing the event in the change's
 * transaction; a failure is logged, never thrown (the change itself stands).
 */
export async function publishExecutionEvent(name: Extract<EventName, `execution_${string}`>, e: ExecutionForEvent): Promise<void> {
  try {
    await appendEvents(db, [executionEvent(name, e)]);
  } catch (err) {
    log.error(`could not append ${name} for execution ${e.id}`, err);
  }
}
