// Tests that call the web's routes in-process start the agents' runner beside them: the real worker process with only
// its runner part (worker/runner), on the test's database and data folder, as a machine that runs agents would.
import { type StartedWorker, startWorker } from "./worker";

export function startRunner(env: Record<string, string> = {}): Promise<StartedWorker> {
  return startWorker({ CADRE_WORKER_PARTS: "runner", ...env });
}
