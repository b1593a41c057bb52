// GET /api/runners/names — the runner names agents may be pinned to (workers that run agents), each with whether one
// by that name is up now; for the agent form's suggestions (everyone signed in: owners pin their agents)
import { route } from "@/lib/api/handler";
import { listRunnerNames } from "@/lib/runners";

export const GET = route({ access: "user" }, async () => ({ runners: await listRunnerNames() }));
