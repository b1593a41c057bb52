// The process that starts agents' programs for a worker (lib/runtimes/spawner.ts; messages: spawner-protocol.ts).
// Forking copies the page tables of the process that forks, and Node forks synchronously: from a worker holding a
// few hundred megabytes each start stood its loop still for 6–15 ms. This process is plain `node` running plain
// JavaScript (no TypeScript loader) and holds little, so a start costs it a couple of milliseconds, and the worker's
// loop none.
//
// It lives as long as the worker: when the IPC channel closes (the worker stopped, or was killed outright) it exits,
// and runProcess's exit hook kills every process group still running. Signals meant for the worker's terminal or
// supervisor are left to the worker, which stops its runs and then this process.
import { runProcess } from "./process-runner.mjs";

/** @type {Map<number, AbortController>} */
const controls = new Map();

/** @param {import("./spawner-protocol.ts").FromSpawner} message */
function send(message) {
  // The worker is gone: the disconnect handler ends this process.
  if (process.connected && process.send) process.send(message);
}

process.on("message", (/** @type {import("./spawner-protocol.ts").ToSpawner} */ message) => {
  if (message.type === "abort") {
    controls.get(message.id)?.abort();
    return;
  }
  const { id, input } = message;
  const control = new AbortController();
  controls.set(id, control);
  const onLines = message.lines
    ? (/** @type {"stdout" | "stderr"} */ stream, /** @type {string[]} */ lines) =>
        send({ type: "output", id, stream, lines })
    : undefined;
  void runProcess({ ...input, signal: control.signal }, (pid) => send({ type: "started", id, pid }), onLines)
    .then((result) => send({ type: "result", id, result }))
    .finally(() => controls.delete(id));
});

process.on("disconnect", () => process.exit(0));
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => {});
