// execution_started / execution_finished go to the agent's room and to the person who asked for the run. A chat
// turn is private: it goes to its author (who posted it: only a conversation's author may post in it) and to admins,
// never to the agent's room, which anyone signed in may join.
import { publish } from "../realtime/publisher";
import { EVENT_VERSION, rooms, type EventName } from "../realtime/events";
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

export function publishExecutionEvent(name: Extract<EventName, `execution_${string}`>, e: ExecutionForEvent): void {
  const to: string[] = isPrivateExecution(e) ? [rooms.admins] : [rooms.agent(e.agent.name)];
  if (e.createdById) to.push(rooms.user(e.createdById));
  try {
    publish({
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
    });
  } catch (err) {
    // Events are a convenience on top of the database; a failed publish must never fail a run.
    console.error(`[executions] could not publish ${name}:`, err);
  }
}
