// Structured logs: one JSON object a line (time, level, component, message, and the error's stack when there is
// one), so an operator can grep them and ship them next to the web process's lines from `npm start`.
export interface WorkerLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, err?: unknown): void;
}

type Level = "info" | "warn" | "error";

function line(level: Level, component: string, message: string, err?: unknown): string {
  const entry: Record<string, unknown> = { time: new Date().toISOString(), level, component, pid: process.pid, message };
  if (err !== undefined) entry.error = err instanceof Error ? (err.stack ?? err.message) : String(err);
  return JSON.stringify(entry);
}

export function createLog(component = "worker"): WorkerLog {
  return {
    info: (message) => console.log(line("info", component, message)),
    warn: (message) => console.warn(line("warn", component, message)),
    error: (message, err) => console.error(line("error", component, message, err)),
  };
}
