// The worker logs as every process of Cadre does: JSON lines (lib/log).
import { createLog as createComponentLog, type Log } from "@/lib/log";

export type WorkerLog = Log;

export function createLog(component = "worker"): WorkerLog {
  return createComponentLog(component);
}
