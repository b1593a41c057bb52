// process_run_changed goes to every signed-in user (run pages and process lists of anyone may show it).
import { EVENT_VERSION, type PublishedEvent, rooms } from "@/lib/realtime/events";

export function processRunChangedEvent(run: {
  id: string;
  processId: string;
  status: string;
  startedById: string | null;
}): PublishedEvent {
  return {
    name: "process_run_changed",
    rooms: [rooms.all],
    payload: {
      v: EVENT_VERSION,
      at: new Date().toISOString(),
      processRunId: run.id,
      processId: run.processId,
      status: run.status,
      startedById: run.startedById,
    },
  };
}
