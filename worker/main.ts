// Entry point of the worker process (`npm run worker`): parse the environment, start, stop cleanly on a signal.
import { loadWorkerConfig } from "./config";
import { createLog } from "./log";

/** A stop that takes longer than this is abandoned, so `npm start` always gets its process back. */
const STOP_DEADLINE_MS = 10_000;

const log = createLog();

async function main(): Promise<void> {
  const config = loadWorkerConfig(process.env);
  // Imported after the config is known good: the database module opens the database file when it loads.
  const { createWorker } = await import("./index");
  const worker = createWorker(config, { log });
  await worker.start();
  log.info(`listening on ${config.host}:${worker.port} (socket.io; env ${config.nodeEnv})`);

  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn(`${signal} again; exiting now`);
      process.exit(1);
    }
    stopping = true;
    log.info(`${signal} received; stopping`);
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
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}

main().catch((err: unknown) => {
  log.error(`could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
