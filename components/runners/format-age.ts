// Heartbeat ages in seconds, not the "just now" of older times: a worker 40 s silent and one 2 s silent differ here.

/** "4 s", "3 min", "2 h", "1 day". */
export function formatSpan(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h} h`;
  const d = Math.floor(h / 24);
  return `${d} day${d === 1 ? "" : "s"}`;
}

/** "just now", "4 s ago", "3 min ago". */
export function formatAge(ms: number): string {
  return ms < 1000 ? "just now" : `${formatSpan(ms)} ago`;
}

/** The age of `iso` as of the server's `checkedAt`, so a browser's clock that is off does not skew it. */
export function ageAt(iso: string, checkedAt: string): number {
  return Date.parse(checkedAt) - Date.parse(iso);
}
