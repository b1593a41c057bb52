// Execution events (queued, started, finished) go to the agent's room and to the person who asked for the run. A chat
// turn is private: it goes to its author (who posted it: only a conversation's author may post in it) and to admins,
// never to the agent's room, which anyone signed in may join.
import type { OutboxEvent } from "@/lib/events/outbox";
import { EVENT_VERSION, type EventName, rooms } from "@/lib/realtime/events";
import { isPrivateExecution } from "./visibility";

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

/** The rooms that may see the execution (its events and its output). */
export function executionRooms(e: Pick<ExecutionForEvent, "trigger" | "createdById" | "agent">): string[] {
  const to: string[] = isPrivateExecution(e) ? [rooms.admins] : [rooms.agent(e.agent.name)];
  if (e.createdById) to.push(rooms.user(e.createdById));
  return to;
}

/** The event announcing an execution's state, to the rooms that may see the execution. */
export function executionEvent(
  name: Exclude<Extract<EventName, `execution_${string}`>, "execution_output">,
  e: ExecutionForEvent,
): OutboxEvent {
  return {
    name,
    rooms: executionRooms(e),
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

/** For runners only (no rooms): the runner that holds the run stops it and records it cancelled. */
export function cancelRequestedEvent(e: ExecutionForEvent & { runnerId: string | null }): OutboxEvent {
  const event = executionEvent("execution_cancel_requested", e);
  return { ...event, rooms: [], payload: { ...event.payload, runnerId: e.runnerId } };
}
