// The configuration a process's entry point parsed (lib/config/schema.ts) and handed over with useConfig(). Kept on
// globalThis so every bundle of the Next.js server sees what the web server's entry point set.
import type { CadreConfig } from "./schema";

export type { CadreConfig, WorkerPartName } from "./schema";
export { parseConfig, WORKER_PARTS } from "./schema";

const holder = globalThis as unknown as { cadreConfig?: CadreConfig };

/** Called once by the entry point with the parsed configuration. */
export function useConfig(config: CadreConfig): void {
  holder.cadreConfig = config;
}

/** The process's configuration; an entry point that forgot useConfig() is a bug, said plainly. */
export function config(): CadreConfig {
  if (!holder.cadreConfig)
    throw new Error("no configuration: the process's entry point must call useConfig(parseConfig(process.env))");
  return holder.cadreConfig;
}
