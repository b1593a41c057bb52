// A min-heap of (time, item): the tick looks only at the schedules whose next slot is due, so a tick costs
// O(due · log n) however many schedules are armed. Entries are never removed from the middle: an item re-armed or
// disarmed leaves its old entry behind, and the owner checks an entry is still current when it pops it — and
// compacts the queue when such entries pile up (a daily schedule's old entry would otherwise stay a day).
export interface DueEntry<T> {
  at: number;
  item: T;
}

export class DueQueue<T> {
  private readonly heap: DueEntry<T>[] = [];

  get size(): number {
    return this.heap.length;
  }

  push(at: number, item: T): void {
    const heap = this.heap;
    heap.push({ at, item });
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent].at <= heap[i].at) break;
      [heap[parent], heap[i]] = [heap[i], heap[parent]];
      i = parent;
    }
  }

  /** The earliest time in the queue, or null when it is empty. */
  peek(): number | null {
    return this.heap.length > 0 ? this.heap[0].at : null;
  }

  /** Removes and returns the earliest entry if it is due at `now`. */
  popDue(now: number): DueEntry<T> | undefined {
    const heap = this.heap;
    if (heap.length === 0 || heap[0].at > now) return undefined;
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && heap[l].at < heap[m].at) m = l;
        if (r < heap.length && heap[r].at < heap[m].at) m = r;
        if (m === i) break;
        [heap[m], heap[i]] = [heap[i], heap[m]];
        i = m;
      }
    }
    return top;
  }

  /** Keeps only the entries `keep` accepts (in time order, which is a heap). O(n log n), for an occasional clean-up. */
  compact(keep: (entry: DueEntry<T>) => boolean): void {
    const kept = this.heap.filter(keep).sort((a, b) => a.at - b.at);
    this.heap.length = 0;
    this.heap.push(...kept);
  }

  clear(): void {
    this.heap.length = 0;
  }
}
