// One entry of a run's live transcript, as stored, served by GET /api/executions/{id}/output and carried by the
// execution_output event. Shared by the worker, the web and the browser (no database here).
import { z } from "zod";

export const OUTPUT_KINDS = [
  "text",
  "tool_use",
  "tool_result",
  "result",
  "stdout",
  "stderr",
  "system",
  "truncated",
] as const;
export type OutputKind = (typeof OUTPUT_KINDS)[number];

/** The longest text an entry keeps (assistant text, a tool's input or result, an output line); the rest is cut. */
export const ENTRY_TEXT_CAP = 4_000;

const Text = z.string().max(ENTRY_TEXT_CAP + 100);

export const OutputData = z.object({
  text: Text.optional(),
  /** tool_use: the call's id; tool_result: the id of the call it answers */
  toolUseId: z.string().max(200).optional(),
  /** tool_use: the tool's name */
  name: z.string().max(200).optional(),
  /** tool_use: its input as JSON text */
  input: Text.optional(),
  /** tool_result and result: it reported an error */
  isError: z.boolean().optional(),
  costUsd: z.number().nullish(),
  inputTokens: z.number().nullish(),
  outputTokens: z.number().nullish(),
  durationMs: z.number().nullish(),
});
export type OutputData = z.infer<typeof OutputData>;

export const OutputEntry = z.object({
  seq: z.number().int().positive(),
  kind: z.enum(OUTPUT_KINDS),
  data: OutputData,
  /** when the runner read it (ISO time) */
  at: z.string(),
});
export type OutputEntry = z.infer<typeof OutputEntry>;

/** `?after=<seq>`: the entries after the last one the reader has. */
export const OutputQuery = z.object({
  after: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

/** Entries by seq, without duplicates: what was fetched and what arrived live, in any order. */
export function mergeEntries(into: OutputEntry[], more: OutputEntry[]): OutputEntry[] {
  if (more.length === 0) return into;
  const bySeq = new Map(into.map((e) => [e.seq, e]));
  for (const e of more) bySeq.set(e.seq, e);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

export const clipText = (s: string, cap = ENTRY_TEXT_CAP): string => (s.length > cap ? `${s.slice(0, cap)}…` : s);
