// A worker's runs start their programs in a small process of its own (spawner-child.mjs) rather than in the worker:
// Node forks synchronously, and a fork costs in proportion to the memory of the process that forks — 6–15 ms of a
// worker's loop per run, against a few milliseconds of the spawner's. The spawner answers each run with the same
// SpawnResult runProcess gives, and takes aborts the same way.
//
// Lifetimes: the spawner is started on the first run and started again on the next run after it died. It exits when
// the worker closes it or dies (the IPC channel closes), killing the process groups it started. Should it die first,
// the worker kills the groups it was told of, and the runs it held end failed with the reason.
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { killGroup, type ProcessRunner, type SpawnInput, type SpawnResult } from "./process";
import type { FromSpawner, ToSpawner } from "./spawner-protocol";

const CHILD = fileURLToPath(new URL("./spawner-child.mjs", import.meta.url));

/** How long close() waits for the spawner to exit before it kills it. */
const CLOSE_WAIT_MS = 5_000;

interface Pending {
  resolve: (result: SpawnResult) => void;
  /** the spawner it was sent to */
  proc: ChildProcess;
  started: number;
  pid?: number;
  input: SpawnInput;
  onAbort?: () => void;
}

export interface Spawner {
  run: ProcessRunner;
  /** Ends the spawner (programs still running are killed with it); a run after it starts a new one. */
  close(): Promise<void>;
  /** the spawner's pid while it runs (tests) */
  pid(): number | undefined;
  /** the process groups of the programs running, as far as this side has heard (tests) */
  groups(): number[];
}

function lost(input: SpawnInput, started: number, why: string): SpawnResult {
  return {
    exitCode: null,
    exitSignal: null,
    stdout: "",
    stderr: "",
    stdoutTruncated: false,
    stderrTruncated: false,
    timedOut: false,
    aborted: input.signal?.aborted ?? false,
    spawnError: why,
    durationMs: Date.now() - started,
  };
}

export function createSpawner(opts: { onExit?: (how: string) => void } = {}): Spawner {
  let child: ChildProcess | undefined;
  /** the spawner close() is ending */
  let closing: ChildProcess | undefined;
  let nextId = 1;
  const pending = new Map<number, Pending>();

  function settle(id: number, result: SpawnResult): void {
    const run = pending.get(id);
    if (!run) return;
    pending.delete(id);
    if (run.onAbort) run.input.signal?.removeEventListener("abort", run.onAbort);
    run.resolve(result);
  }

  function start(): ChildProcess {
    // Plain node, none of the worker's own flags (its TypeScript loader, a test runner's): the child is JavaScript.
    const proc = fork(CHILD, [], {
      execArgv: [],
      serialization: "advanced",
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    proc.on("message", (message: FromSpawner) => {
      if (message.type === "started") {
        const run = pending.get(message.id);
        if (run) run.pid = message.pid;
      } else if (message.type === "output") pending.get(message.id)?.input.onOutput?.(message.stream, message.lines);
      else if (message.type === "result") settle(message.id, message.result);
    });
    // The runs it held are answered once it has exited and its IPC channel has closed, so that every message it sent
    // has been read: "exit" can come before the message that says which program a run started.
    let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let disconnected = false;
    let answered = false;
    const answerRuns = () => {
      if (!exited || !disconnected || answered) return;
      answered = true;
      const how = `the spawner process exited (${exited.signal ?? `code ${exited.code}`})`;
      for (const [id, run] of pending) {
        if (run.proc !== proc) continue;
        if (run.pid !== undefined) killGroup(run.pid, "SIGKILL");
        settle(id, lost(run.input, run.started, `${how} and the program was killed with it`));
      }
      if (closing !== proc) opts.onExit?.(how);
    };
    proc.once("disconnect", () => {
      disconnected = true;
      answerRuns();
    });
    proc.once("exit", (code, signal) => {
      // A run asked for from now on goes to a new spawner.
      if (child === proc) child = undefined;
      exited = { code, signal };
      if (!proc.connected) disconnected = true;
      answerRuns();
    });
    // A send to a spawner that just died fails here; answerRuns answers the runs.
    proc.on("error", () => {});
    return proc;
  }

  function post(proc: ChildProcess, message: ToSpawner): void {
    if (proc.connected) proc.send(message);
  }

  const run: ProcessRunner = (input) =>
    new Promise<SpawnResult>((resolve) => {
      const started = Date.now();
      child ??= start();
      const proc = child;
      const id = nextId++;
      const entry: Pending = { resolve, started, input, proc };
      pending.set(id, entry);
      const { signal, onOutput, ...rest } = input;
      post(proc, { type: "run", id, input: rest, lines: onOutput !== undefined });
      // Aborted already: the program is started and stopped at once, as runProcess does.
      if (signal) {
        entry.onAbort = () => post(proc, { type: "abort", id });
        if (signal.aborted) entry.onAbort();
        else signal.addEventListener("abort", entry.onAbort, { once: true });
      }
    });

  return {
    run,
    async close() {
      const proc = child;
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
      closing = proc;
      child = undefined;
      proc.disconnect();
      const timer = setTimeout(() => proc.kill("SIGKILL"), CLOSE_WAIT_MS);
      await exited;
      clearTimeout(timer);
    },
    pid: () => child?.pid,
    groups: () => [...pending.values()].flatMap((run) => (run.pid === undefined ? [] : [run.pid])),
  };
}
