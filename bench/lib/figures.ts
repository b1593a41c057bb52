// Figures a benchmark measured, each next to its target, and the one table they end in. A scenario runs in a child
// process per database and prints its figures as one `FIGURES <json>` line; the parent puts the databases side by side.

export interface Figure {
  /** the row: figures of the same key from different databases share it */
  key: string;
  label: string;
  value: string;
  /** what it must reach ("≤ 2000 ms"), "reference", or "" */
  target: string;
  /** null: a figure without a target (a reference, a detail) */
  ok: boolean | null;
}

export const FIGURES_PREFIX = "FIGURES ";

export function printFigures(figures: Figure[]): void {
  process.stdout.write(`\n${FIGURES_PREFIX}${JSON.stringify(figures)}\n`);
}

export function parseFigures(output: string): Figure[] | null {
  const line = output.split("\n").find((l) => l.startsWith(FIGURES_PREFIX));
  return line ? (JSON.parse(line.slice(FIGURES_PREFIX.length)) as Figure[]) : null;
}

/** The value at percentile `p` (nearest rank), or null without samples. */
export function pct(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const ms = (v: number | null | undefined) =>
  v === null || v === undefined || !Number.isFinite(v) ? "n/a" : `${v < 10 ? v.toFixed(1) : Math.round(v)} ms`;
export const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
export const count = (n: number) => n.toLocaleString("en");
export const rate = (perSecond: number, unit: string) =>
  `${perSecond < 100 ? perSecond.toFixed(1) : Math.round(perSecond).toLocaleString("en")} ${unit}/s`;

/** A figure that must be at most `limit` ms; null (nothing measured) misses. */
export function atMostMs(key: string, label: string, value: number | null, limit: number, detail = ""): Figure {
  return {
    key,
    label,
    value: `${ms(value)}${detail ? ` (${detail})` : ""}`,
    target: `≤ ${limit} ms`,
    ok: value !== null && value <= limit,
  };
}

export function info(key: string, label: string, value: string, target = ""): Figure {
  return { key, label, value, target, ok: null };
}

export function check(key: string, label: string, value: string, target: string, ok: boolean): Figure {
  return { key, label, value, target, ok };
}

export interface Column {
  title: string;
  figures: Figure[];
  /** scenarios whose run failed on this column, with why: their rows say FAILED */
  failed: Set<string>;
}

export interface Row {
  key: string;
  label: string;
  target: string;
  /** the scenario that reports it */
  scenario: string;
}

/** The table: one row per figure (in the order given), one column per database, then the target. */
export function table(columns: Column[], rows: Row[]): string {
  const cell = (c: Column, row: Row) => {
    const f = c.figures.find((x) => x.key === row.key);
    if (!f) return c.failed.has(row.scenario) ? "FAILED" : "—";
    return `${f.value}${f.ok === null ? "" : f.ok ? "  ok" : "  MISSED"}`;
  };
  const head = ["figure", ...columns.map((c) => c.title), "target"];
  const body = rows.map((r) => [r.label, ...columns.map((c) => cell(c, r)), r.target]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (r: string[]) => `| ${r.map((v, i) => v.padEnd(widths[i])).join(" | ")} |`;
  return [line(head), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...body.map(line)].join("\n");
}
