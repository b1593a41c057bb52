// GET /api/runners — every worker process in the registry: name, host, parts, start, last heartbeat, running /
// stopped / down, and what its parts report (admins)
import { route } from "@/lib/api/handler";
import { listRunners } from "@/lib/runners";

export const GET = route({ access: "admin" }, () => listRunners());
