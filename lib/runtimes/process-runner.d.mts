// Types of process-runner.mjs (plain JavaScript, so a spawner process runs it without the TypeScript loader).

export declare const OUTPUT_CAP_BYTES: number;

export interface SpawnInput {
  file: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  stdin: string;
  timeoutMs: number;
  signal?: AbortSignal;
  capBytes?: number;
  /** hears the program's complete output lines as they come, in batches (not sent to a spawner process) */
  onOutput?: OutputListener;
}

export type OutputStream = "stdout" | "stderr";
export type OutputListener = (stream: OutputStream, lines: string[]) => void;

export interface SpawnResult {
  exitCode: number | null;
  exitSignal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  stdoutTruncated: boolean;
  stderrTruncated: boolean;
  timedOut: boolean;
  aborted: boolean;
  /** Set when the program could not be started at all (missing binary, bad cwd). */
  spawnError: string | null;
  durationMs: number;
}

export declare function killGroup(pid: number, signal: NodeJS.Signals): void;

export declare const LINE_CAP_CHARS: number;

/**
 * Starts the program here and answers how it ended; `onStarted` hears its process group's id once it runs, `onLines`
 * (by default input.onOutput) its output lines as they come.
 */
export declare function runProcess(
  input: SpawnInput,
  onStarted?: (pid: number) => void,
  onLines?: OutputListener,
): Promise<SpawnResult>;
