// GET /api/scheduler/status — whether a scheduler runs (a live worker with the scheduler part), the schedules it
// armed, its last fire, and every worker with its parts, heartbeat, state and stats (admins)
import { route } from "@/lib/api/handler";
import { schedulerStatus } from "@/lib/runners";

export const GET = route({ access: "admin" }, () => schedulerStatus());
