// The worker registry's shapes, shared by the route handlers and the browser (no server imports here).
import { z } from "zod";

/** A runner's name, as CADRE_RUNNER_NAME or the host name gives it; agents are pinned by it. */
export const RunnerName = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/,
    "use 1-63 letters, digits, dots, dashes or underscores, starting with a letter or digit",
  );

/** running: heartbeats arrive; stopped: it stopped cleanly; down: silent for longer than the threshold. */
export type RunnerState = "running" | "stopped" | "down";

export interface RunnerDto {
  id: string;
  name: string;
  host: string;
  pid: number;
  /** the parts the worker runs: scheduler, engine, runner, sockets */
  parts: string[];
  startedAt: string;
  heartbeatAt: string;
  stoppedAt: string | null;
  state: RunnerState;
  alive: boolean;
  /** how long ago the last heartbeat was written, by the answering server's clock */
  heartbeatAgeMs: number;
  /** what each part reported at the last heartbeat, by part name */
  stats: Record<string, Record<string, unknown>>;
}

export interface RunnersDto {
  /** when the answer was made; ages and states are relative to it */
  checkedAt: string;
  /** a worker silent for longer than this counts as down */
  downAfterMs: number;
  workers: RunnerDto[];
}

export interface SchedulerStatusDto extends RunnersDto {
  /** a live worker runs the scheduler part */
  running: boolean;
  /** live workers running the scheduler part */
  schedulers: number;
  /** schedules armed by the live schedulers (each arms every enabled schedule: the largest count); null if none reports */
  armedJobs: number | null;
  /** the latest fire any live scheduler reports, when it reports one */
  lastFireAt: string | null;
  /** enabled schedules in the database */
  enabledSchedules: number;
}

/** A runner name offered when pinning an agent, and whether a worker by that name runs agents now. */
export interface RunnerNameDto {
  name: string;
  alive: boolean;
}
