// schedule_changed goes to the agent's room; every worker's scheduler hears it from the outbox and re-arms the schedule.
import type { OutboxEvent } from "@/lib/events/outbox";
import { EVENT_VERSION, rooms } from "@/lib/realtime/events";
import type { ScheduleChange } from "./schemas";

export function scheduleChangedEvent(
  schedule: { id: string; agentId: string },
  agentName: string,
  change: ScheduleChange,
): OutboxEvent {
  return {
    name: "schedule_changed",
    rooms: [rooms.agent(agentName)],
    payload: {
      v: EVENT_VERSION,
      at: new Date().toISOString(),
      scheduleId: schedule.id,
      agentId: schedule.agentId,
      agentName,
      change,
    },
  };
}
