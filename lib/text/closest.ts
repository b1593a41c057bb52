// "Did you mean …?": the known word nearest to a misspelt one, by edit distance (a swap of two neighbours counts as
// one edit, so "agnet" is one away from "agent"). Browser-safe.

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps, each costing 1. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[rows - 1][cols - 1];
}

/** How far a word may be from a known one and still be taken for a typo of it. */
function tolerance(word: string): number {
  return word.length <= 3 ? 1 : word.length <= 6 ? 2 : 3;
}

/** The candidate nearest to `word` (case and `-`/`_` ignored), or undefined when none is close enough to suggest. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  // Words longer than any name Cadre knows are not typos of one; and this keeps the work bounded.
  if (word.length > 64) return undefined;
  const norm = (s: string) => s.toLowerCase().replace(/-/g, "_");
  const w = norm(word);
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    if (candidate === word) continue;
    const distance = editDistance(w, norm(candidate));
    if (distance <= tolerance(candidate) && (!best || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}

/** `; did you mean "agent_task"?`, or "" when nothing is close. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const hint = closest(word, candidates);
  return hint ? `; did you mean "${hint}"?` : "";
}
