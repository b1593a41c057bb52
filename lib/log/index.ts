// Structured logs: one JSON object a line (time, level, component, message, and the error's stack when there is
// one), so an operator can grep them and ship them; every process of Cadre logs this way.
export interface Log {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, err?: unknown, fields?: Record<string, unknown>): void;
}

type Level = "info" | "warn" | "error";

function line(
  level: Level,
  component: string,
  message: string,
  fields?: Record<string, unknown>,
  err?: unknown,
): string {
  const entry: Record<string, unknown> = {
    time: new Date().toISOString(),
    level,
    component,
    pid: process.pid,
    message,
    ...fields,
  };
  if (err !== undefined) entry.error = err instanceof Error ? (err.stack ?? err.message) : String(err);
  return JSON.stringify(entry);
}

export function createLog(component: string): Log {
  return {
    info: (message, fields) => console.log(line("info", component, message, fields)),
    warn: (message, fields) => console.warn(line("warn", component, message, fields)),
    error: (message, err, fields) => console.error(line("error", component, message, fields, err)),
  };
}
