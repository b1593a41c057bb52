// Runs one program for a task: its own process group (so a timeout or cancel ends every child it started),
// the task on stdin, bounded stdout/stderr, and one result that says how it ended.
//
// Plain JavaScript (its types are in process-runner.d.mts): a worker's spawner process (spawner-child.mjs) runs it
// with plain `node`, without the TypeScript loader, whose memory every fork of the spawner would copy.
import { spawn } from "node:child_process";
import { StringDecoder } from "node:string_decoder";

export const OUTPUT_CAP_BYTES = 1024 * 1024;
const KILL_GRACE_MS = 2000;
/** A longer line is cut here (the stored transcript bounds each entry far below it). */
export const LINE_CAP_CHARS = 256 * 1024;
/** Lines are handed on at most once in this time, so a chatty program sends a batch, not a message a line. */
const LINE_BATCH_MS = 25;

/** Keeps the last `cap` bytes written to it; older output is dropped and the drop is remembered. */
class TailBuffer {
  /** @type {Buffer[]} */
  chunks = [];
  size = 0;
  truncated = false;

  /** @param {number} cap */
  constructor(cap) {
    this.cap = cap;
  }

  /** @param {Buffer} chunk */
  push(chunk) {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size > this.cap && this.chunks.length > 0) {
      const excess = this.size - this.cap;
      const first = this.chunks[0];
      if (first.length <= excess) {
        this.chunks.shift();
        this.size -= first.length;
      } else {
        this.chunks[0] = first.subarray(excess);
        this.size -= excess;
      }
      this.truncated = true;
    }
  }

  text() {
    const body = Buffer.concat(this.chunks).toString("utf8");
    return this.truncated ? `[earlier output truncated]\n${body}` : body;
  }
}

/**
 * Splits both streams into complete lines and hands them on in batches (every LINE_BATCH_MS, and at the end, with
 * a last line that had no newline).
 * @param {(stream: "stdout" | "stderr", lines: string[]) => void} onLines
 */
function lineBatcher(onLines) {
  // A decoder per stream keeps a character split between two chunks whole.
  /** @type {Record<"stdout" | "stderr", { partial: string, lines: string[], decoder: StringDecoder }>} */
  const streams = {
    stdout: { partial: "", lines: [], decoder: new StringDecoder("utf8") },
    stderr: { partial: "", lines: [], decoder: new StringDecoder("utf8") },
  };
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  let lastFlush = 0;
  const flush = () => {
    timer = undefined;
    lastFlush = Date.now();
    for (const name of /** @type {const} */ (["stdout", "stderr"])) {
      const s = streams[name];
      if (s.lines.length === 0) continue;
      const lines = s.lines;
      s.lines = [];
      onLines(name, lines);
    }
  };
  return {
    /** @param {"stdout" | "stderr"} name @param {Buffer} chunk */
    push(name, chunk) {
      const s = streams[name];
      const parts = (s.partial + s.decoder.write(chunk)).split("\n");
      s.partial = parts.pop() ?? "";
      if (s.partial.length > LINE_CAP_CHARS) {
        parts.push(s.partial);
        s.partial = "";
      }
      for (const line of parts) s.lines.push(line.length > LINE_CAP_CHARS ? line.slice(0, LINE_CAP_CHARS) : line);
      if (s.lines.length === 0 || timer) return;
      // A line after a quiet spell goes at once; those that follow it within LINE_BATCH_MS wait to go together.
      const wait = lastFlush + LINE_BATCH_MS - Date.now();
      if (wait <= 0) flush();
      else timer = setTimeout(flush, wait);
    },
    end() {
      clearTimeout(timer);
      for (const s of Object.values(streams)) {
        if (s.partial) s.lines.push(s.partial.slice(0, LINE_CAP_CHARS));
        s.partial = "";
      }
      flush();
    },
  };
}

/** @param {number} pid @param {NodeJS.Signals} signal */
export function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

/** Process groups still running; if the server exits, they go with it instead of running on unrecorded.
 * @type {Set<number>} */
const liveGroups = new Set();
let exitHookInstalled = false;

/** @param {number} pid */
function track(pid) {
  liveGroups.add(pid);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const group of liveGroups) killGroup(group, "SIGKILL");
  });
}

/**
 * Starts the program here and answers how it ended; `onStarted` hears its process group's id once it runs, `onLines`
 * its output lines as they come (in batches).
 * @param {import("./process-runner.mjs").SpawnInput} input
 * @param {(pid: number) => void} [onStarted]
 * @param {(stream: "stdout" | "stderr", lines: string[]) => void} [onLines]
 * @returns {Promise<import("./process-runner.mjs").SpawnResult>}
 */
export function runProcess(input, onStarted, onLines = input.onOutput) {
  const started = Date.now();
  const cap = input.capBytes ?? OUTPUT_CAP_BYTES;
  const stdout = new TailBuffer(cap);
  const stderr = new TailBuffer(cap);
  const lines = onLines ? lineBatcher(onLines) : null;

  return new Promise((resolve) => {
    let timedOut = false;
    let aborted = false;
    /** @type {string | null} */
    let spawnError = null;
    /** @type {NodeJS.Timeout | undefined} */
    let killTimer;
    let exited = false;

    const child = spawn(input.file, input.args, {
      cwd: input.cwd,
      env: input.env, // exactly these variables, nothing inherited
      detached: true, // own process group: -pid reaches every descendant
      stdio: ["pipe", "pipe", "pipe"],
    });

    if (child.pid !== undefined) {
      track(child.pid);
      onStarted?.(child.pid);
    }

    const stop = () => {
      if (child.pid === undefined || killTimer) return;
      killGroup(child.pid, "SIGTERM");
      // Not cleared when the leader exits: a child that ignores SIGTERM still gets SIGKILL.
      killTimer = setTimeout(() => {
        killGroup(/** @type {number} */ (child.pid), "SIGKILL");
        liveGroups.delete(/** @type {number} */ (child.pid));
      }, KILL_GRACE_MS);
      killTimer.unref();
    };
    const onAbort = () => {
      if (exited || timedOut) return;
      aborted = true;
      stop();
    };
    const timer = setTimeout(() => {
      if (exited || aborted) return;
      timedOut = true;
      stop();
    }, input.timeoutMs);

    if (input.signal?.aborted) onAbort();
    else input.signal?.addEventListener("abort", onAbort, { once: true });

    child.stdout.on("data", (c) => {
      stdout.push(c);
      lines?.push("stdout", c);
    });
    child.stderr.on("data", (c) => {
      stderr.push(c);
      lines?.push("stderr", c);
    });
    // A program that exits without reading its stdin makes the write fail with EPIPE; that is not our error.
    child.stdin.on("error", () => {});
    child.stdin.end(input.stdin);

    let settled = false;
    /** @param {number | null} code @param {NodeJS.Signals | null} sig */
    const finish = (code, sig) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      input.signal?.removeEventListener("abort", onAbort);
      lines?.end();
      resolve({
        exitCode: code,
        exitSignal: sig,
        stdout: stdout.text(),
        stderr: stderr.text(),
        stdoutTruncated: stdout.truncated,
        stderrTruncated: stderr.truncated,
        timedOut,
        aborted,
        spawnError,
        durationMs: Date.now() - started,
      });
    };

    child.on("error", (err) => {
      spawnError = err.message;
      if (child.pid === undefined) finish(null, null); // never started: no "close" to wait for
    });
    // The leader exited: whatever it left running in its group (backgrounded children holding our pipes open)
    // is ended too, so "close" follows promptly and nothing outlives the task.
    child.on("exit", () => {
      exited = true;
      stop();
    });
    child.on("close", (code, sig) => finish(code, sig));
  });
}
