// One-line logs with a prefix, so the worker's lines stand out next to the web process's in `npm start`.
export interface WorkerLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, err?: unknown): void;
}

export function createLog(prefix = "worker"): WorkerLog {
  return {
    info: (message) => console.log(`[${prefix}] ${message}`),
    warn: (message) => console.warn(`[${prefix}] ${message}`),
    error: (message, err) =>
      console.error(`[${prefix}] ${message}`, ...(err === undefined ? [] : [err instanceof Error ? err.stack : err])),
  };
}
