// Entry point of the worker process (`npm run worker`): parse the environment, start, stop cleanly on a signal.
import { parseConfig, useConfig } from "@/lib/config";
import { useDatabase } from "@/lib/db";
import { createWorker } from "./index";
import { createLog } from "./log";

/** A stop that takes longer than this is abandoned, so `npm start` always gets its process back. */
const STOP_DEADLINE_MS = 10_000;

const log = createLog();

async function main(): Promise<void> {
  const config = parseConfig(process.env);
  useConfig(config);
  useDatabase(config.database);
  const worker = createWorker(config, { log });
  await worker.start();
  log.info(`listening on ${config.worker.host}:${worker.port} (socket.io; env ${config.nodeEnv})`);

  let stopping = false;
  // One stop, whatever arrives after it: `npm start` signals once, but a terminal or a process manager may signal the
  // whole group as well. The deadline below is what bounds a stop, so a repeated signal needs no meaning of its own.
  const stop = (reason: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${reason}; stopping`);
    setTimeout(() => {
      log.error(`stop took longer than ${STOP_DEADLINE_MS / 1000} s; exiting`);
      process.exit(1);
    }, STOP_DEADLINE_MS).unref();
    worker.stop().then(
      () => {
        log.info("stopped cleanly");
        process.exit(0);
      },
      (err: unknown) => {
        log.error("stop failed", err);
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => stop("SIGTERM received"));
  process.on("SIGINT", () => stop("SIGINT received"));
  // When the process that started this one is gone (`npm start` killed outright), stop rather than run unsupervised.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) stop("parent process gone");
  }, 500).unref();
}

main().catch((err: unknown) => {
  log.error(`could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
