// A run's live transcript: the runner turns the program's output lines into entries (./transcript.ts) and stores them
// as they come, each batch with its execution_output event in one transaction, so a browser hears what is stored and
// a reload reads the same. One write at a time per process: what arrives meanwhile (from every run) goes in the next,
// so chatty programs make bigger batches, not more writes. Past the cap one `truncated` entry ends the stored transcript; the run goes
// on and its result is recorded as ever.
import type { Identity } from "@/lib/auth/identity";
import { db, direct } from "@/lib/db";
import { Prisma } from "@/lib/db/client-types";
import { retryWhileBusy } from "@/lib/db/errors";
import { appendEvents, type OutboxEvent } from "@/lib/events/outbox";
import type { Log } from "@/lib/log";
import { EVENT_VERSION } from "@/lib/realtime/events";
import type { OutputStream } from "@/lib/runtimes/process";
import type { RuntimeName } from "@/lib/runtimes/types";
import { executionRooms } from "./events";
import { getVisibleExecutionOrThrow } from "./executions";
import { type OutputEntry, OutputEntry as OutputEntrySchema } from "./output-entry";
import { type EntryDraft, entriesFromLines } from "./transcript";

/** At most this many entries are stored per run (the last one the `truncated` marker). */
export const OUTPUT_CAP_ENTRIES = 2_000;
/** At most this much entry data (JSON characters) is stored per run. */
export const OUTPUT_CAP_CHARS = 1_000_000;
/** Entries per execution_output event (a bigger batch goes out as several events in the same transaction). */
const EVENT_ENTRIES = 100;
const ROWS_PER_INSERT = 200;

interface RunForOutput {
  id: string;
  trigger: string;
  createdById: string | null;
  conversationId: string | null;
  agent: { name: string };
}

export interface OutputRecorder {
  /** the program's lines, as the runtime hears them */
  push(stream: OutputStream, lines: string[]): void;
  /** writes what is left; resolves once every entry heard is stored (before the run's result is recorded) */
  close(): Promise<void>;
}

function outputEvent(run: RunForOutput, entries: OutputEntry[]): OutboxEvent {
  return {
    name: "execution_output",
    rooms: executionRooms(run),
    payload: {
      v: EVENT_VERSION,
      at: new Date().toISOString(),
      executionId: run.id,
      agentName: run.agent.name,
      conversationId: run.conversationId,
      entries,
    },
  };
}

interface Batch {
  run: RunForOutput;
  entries: OutputEntry[];
  log: Log;
  done: () => void;
  stored?: () => void;
}

/** The batches' rows and events in one transaction. */
async function storeBatches(batches: Batch[]): Promise<void> {
  const events: OutboxEvent[] = [];
  const values: Prisma.Sql[] = [];
  for (const { run, entries } of batches) {
    for (let i = 0; i < entries.length; i += EVENT_ENTRIES)
      events.push(outputEvent(run, entries.slice(i, i + EVENT_ENTRIES)));
    for (const e of entries)
      values.push(Prisma.sql`(${run.id}, ${e.seq}, ${e.kind}, ${JSON.stringify(e.data)}, ${new Date(e.at)})`);
  }
  await retryWhileBusy(() =>
    direct.transaction(async (tx) => {
      for (let i = 0; i < values.length; i += ROWS_PER_INSERT)
        await tx.execute(
          Prisma.sql`INSERT INTO "ExecutionOutput" ("executionId", "seq", "kind", "data", "at") VALUES ${Prisma.join(values.slice(i, i + ROWS_PER_INSERT))}`,
        );
      await appendEvents(tx, events);
    }),
  );
}

async function storeAlone(batch: Batch): Promise<void> {
  try {
    await storeBatches([batch]);
  } catch (err) {
    // The transcript is a view of the run, not the run: a failed write loses those entries, never the result.
    batch.log.warn(`run ${batch.run.id}: ${batch.entries.length} output entries were not stored`, {
      executionId: batch.run.id,
      error: err instanceof Error ? err.message : String(err),
    });
  }
}

/**
 * One write at a time for every run of this process: what all of them printed meanwhile goes in the next, one
 * transaction, so twenty agents streaming make one write per round, not twenty.
 */
let queued: Batch[] = [];
let writing: Promise<void> | null = null;

async function writeQueued(): Promise<void> {
  while (queued.length > 0) {
    const batches = queued;
    queued = [];
    try {
      await storeBatches(batches);
    } catch {
      // One run's rows may be what failed (its execution removed meanwhile): the others are written alone.
      for (const batch of batches) await storeAlone(batch);
    }
    for (const batch of batches) batch.done();
    for (const stored of new Set(batches.map((b) => b.stored))) stored?.();
  }
}

function kick(): void {
  if (writing || queued.length === 0) return;
  writing = writeQueued().finally(() => {
    writing = null;
    kick();
  });
}

/** Queues the entries for the next write; resolves once they are stored (or given up on). */
function enqueue(run: RunForOutput, entries: OutputEntry[], log: Log, stored?: () => void): Promise<void> {
  return new Promise<void>((done) => {
    queued.push({ run, entries, log, done, stored });
    kick();
  });
}

export function createOutputRecorder(
  run: RunForOutput,
  runtime: RuntimeName,
  log: Log,
  stored?: () => void,
): OutputRecorder {
  let seq = 0;
  let chars = 0;
  let capped = false;
  let written: Promise<void> = Promise.resolve();

  const entryOf = (draft: EntryDraft): OutputEntry | null => {
    if (capped) return null;
    const size = JSON.stringify(draft.data).length;
    if (seq + 1 >= OUTPUT_CAP_ENTRIES || chars + size > OUTPUT_CAP_CHARS) {
      capped = true;
      const text = `Output past ${OUTPUT_CAP_ENTRIES} entries or ${OUTPUT_CAP_CHARS / 1_000_000} MB is not kept; the run goes on and its result is recorded.`;
      draft = { kind: "truncated", data: { text } };
    }
    chars += size;
    seq += 1;
    return { seq, kind: draft.kind, data: draft.data, at: new Date().toISOString() };
  };

  return {
    push(stream, lines) {
      const entries = entriesFromLines(runtime, stream, lines)
        .map(entryOf)
        .filter((e): e is OutputEntry => e !== null);
      // Batches are written in the order they were queued, so the last one stored means all of them are.
      if (entries.length > 0) written = enqueue(run, entries, log, stored);
    },
    close: () => written,
  };
}

const StoredData = OutputEntrySchema.shape.data;

/** The stored entries of an execution `who` may see, after `after`, in order. */
export async function listExecutionOutput(
  id: string,
  who: Identity,
  after: number,
): Promise<{ entries: OutputEntry[]; status: string }> {
  const execution = await getVisibleExecutionOrThrow(id, who);
  const rows = await db.executionOutput.findMany({
    where: { executionId: id, seq: { gt: after } },
    orderBy: { seq: "asc" },
    take: OUTPUT_CAP_ENTRIES,
  });
  const entries = rows.map((r) => ({
    seq: r.seq,
    kind: r.kind as OutputEntry["kind"],
    data: StoredData.catch({}).parse(JSON.parse(r.data)),
    at: r.at.toISOString(),
  }));
  return { entries, status: execution.status };
}
