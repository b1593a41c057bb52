// Latency samples of the last minute (or any window), for the figures in stats(): a ring of (time, value) pairs of
// fixed size, so a burst of a thousand fires a second costs no more memory than the ring holds.
export interface Percentiles {
  /** samples in the window */
  n: number;
  p50: number | null;
  p99: number | null;
}

export class SampleWindow {
  private readonly at: Float64Array;
  private readonly values: Float64Array;
  private next = 0;
  private filled = 0;

  constructor(
    private readonly windowMs = 60_000,
    capacity = 65_536,
  ) {
    this.at = new Float64Array(capacity);
    this.values = new Float64Array(capacity);
  }

  add(at: number, value: number): void {
    this.at[this.next] = at;
    this.values[this.next] = value;
    this.next = (this.next + 1) % this.at.length;
    this.filled = Math.min(this.filled + 1, this.at.length);
  }

  /** The values recorded within the window before `now`, oldest first. */
  recent(now: number): number[] {
    const out: number[] = [];
    const from = now - this.windowMs;
    const start = (this.next - this.filled + this.at.length) % this.at.length;
    for (let k = 0; k < this.filled; k++) {
      const i = (start + k) % this.at.length;
      if (this.at[i] >= from) out.push(this.values[i]);
    }
    return out;
  }

  percentiles(now: number): Percentiles {
    const sorted = this.recent(now).sort((a, b) => a - b);
    const pick = (p: number) =>
      sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
    return { n: sorted.length, p50: pick(50), p99: pick(99) };
  }
}
