// The Runs view's list as a file: CSV for spreadsheets, JSON for programs.
import type { RunDto } from "./schemas";

const COLUMNS: [string, (r: RunDto) => string | number | null][] = [
  ["id", (r) => r.id],
  ["createdAt", (r) => r.createdAt],
  ["agent", (r) => r.agentName],
  ["trigger", (r) => r.trigger],
  ["status", (r) => r.status],
  ["model", (r) => r.model],
  ["schedule", (r) => r.scheduleName],
  ["process", (r) => r.process?.processName ?? null],
  ["processRun", (r) => r.process?.runId ?? null],
  ["step", (r) => r.process?.stepId ?? null],
  ["attempt", (r) => r.attempt],
  ["retryOf", (r) => r.retryOfId],
  ["startedAt", (r) => r.startedAt],
  ["finishedAt", (r) => r.finishedAt],
  ["durationMs", (r) => r.durationMs],
  ["costUsd", (r) => r.costUsd],
  ["message", (r) => r.message],
  ["response", (r) => r.response],
  ["error", (r) => r.error],
];

/** A spreadsheet runs a cell that starts with one of these as a formula; a leading ' makes it text. */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | null): string {
  if (value === null) return "";
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

/** RFC 4180 CSV: a header row, then one row a run, lines ended by CRLF. */
export function runsToCsv(runs: RunDto[]): string {
  const lines = [COLUMNS.map(([name]) => name).join(",")];
  for (const run of runs) lines.push(COLUMNS.map(([, get]) => csvCell(get(run))).join(","));
  return `${lines.join("\r\n")}\r\n`;
}
