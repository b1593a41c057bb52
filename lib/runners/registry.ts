// The writes of the worker registry: each worker process has one Runner row, created at its start, touched by its
// heartbeat, marked stopped on a clean stop. Every write is one statement on the process's own row; rows of workers
// gone for a day are deleted by whichever worker prunes first.
import { type Db, db } from "@/lib/db";
import { retryWhileBusy } from "@/lib/db/errors";

export interface RunnerRegistration {
  id: string;
  name: string;
  host: string;
  pid: number;
  parts: string[];
}

/** Rows of workers silent for this long are deleted. */
export const RUNNER_RETENTION_MS = 24 * 60 * 60_000;

/** The most a part's stats may take in the row (characters of JSON); a bigger report is replaced by a note. */
const MAX_PART_STATS_CHARS = 8_000;

/** Each part's report as JSON, bounded: a part whose report fails or is too big says so instead. */
export function serializeStats(reports: Record<string, () => unknown>): string {
  const parts: string[] = [];
  for (const [part, report] of Object.entries(reports)) {
    let json: string;
    try {
      json = JSON.stringify(report() ?? {});
    } catch (err) {
      json = JSON.stringify({
        error: `stats failed: ${err instanceof Error ? err.message : String(err)}`.slice(0, 200),
      });
    }
    if (json.length > MAX_PART_STATS_CHARS)
      json = JSON.stringify({ error: `stats too large (${json.length} characters)` });
    parts.push(`${JSON.stringify(part)}:${json}`);
  }
  return `{${parts.join(",")}}`;
}

export interface WriteOptions {
  /** the stats JSON to store (serializeStats) */
  stats?: string;
  now?: Date;
  /** the worker's client (default: the process's) */
  client?: Db;
}

export async function registerRunner(
  runner: RunnerRegistration,
  { stats = "{}", now = new Date(), client = db }: WriteOptions = {},
): Promise<void> {
  const parts = JSON.stringify(runner.parts);
  await retryWhileBusy(() =>
    client.runner.create({
      data: {
        id: runner.id,
        name: runner.name,
        host: runner.host,
        pid: runner.pid,
        parts,
        startedAt: now,
        heartbeatAt: now,
        stats,
      },
    }),
  );
}

/**
 * Writes the heartbeat and the parts' stats. A row that is gone (pruned while this process stood still for a day, or
 * a database restored from a backup) is made again, so the worker shows up as soon as it is back.
 */
export async function recordHeartbeat(
  runner: RunnerRegistration,
  { stats = "{}", now = new Date(), client = db }: WriteOptions = {},
): Promise<void> {
  const { count } = await client.runner.updateMany({
    where: { id: runner.id },
    data: { heartbeatAt: now, stats, stoppedAt: null },
  });
  if (count === 0) await registerRunner(runner, { stats, now, client });
}

/** A clean stop: the row stays (for a day) as stopped rather than down. */
export async function markRunnerStopped(
  id: string,
  { stats, now = new Date(), client = db }: WriteOptions = {},
): Promise<void> {
  await retryWhileBusy(() =>
    client.runner.updateMany({
      where: { id, stoppedAt: null },
      data: { stoppedAt: now, heartbeatAt: now, ...(stats ? { stats } : {}) },
    }),
  );
}

/** Deletes the rows of workers whose last sign of life (a heartbeat or their stop) is older than `retentionMs`. */
export async function pruneRunners(
  retentionMs = RUNNER_RETENTION_MS,
  { now = new Date(), client = db }: WriteOptions = {},
): Promise<number> {
  const { count } = await client.runner.deleteMany({
    where: { heartbeatAt: { lt: new Date(now.getTime() - retentionMs) } },
  });
  return count;
}

/**
 * Whether another worker runs the scheduler and has written its heartbeat within `downAfterMs`. A row with this
 * worker's own runner name and host is its predecessor (killed and restarted here), never another scheduler.
 */
export async function otherSchedulersAlive(
  self: Pick<RunnerRegistration, "id" | "name" | "host">,
  downAfterMs: number,
  { now = new Date(), client = db }: Pick<WriteOptions, "now" | "client"> = {},
): Promise<boolean> {
  const row = await client.runner.findFirst({
    where: {
      id: { not: self.id },
      NOT: { name: self.name, host: self.host },
      stoppedAt: null,
      heartbeatAt: { gte: new Date(now.getTime() - downAfterMs) },
      parts: { contains: '"scheduler"' },
    },
    select: { id: true },
  });
  return row !== null;
}
