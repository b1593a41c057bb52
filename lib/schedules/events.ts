// schedule_changed goes to the agent's room; the worker sees every published event and re-arms the schedule.
import { publish } from "../realtime/publisher";
import { EVENT_VERSION, rooms } from "../realtime/events";
import type { ScheduleChange } from "./schemas";

export function publishScheduleChanged(schedule: { id: string; agentId: string }, agentName: string, change: ScheduleChange): void {
  publish({
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
  });
}
