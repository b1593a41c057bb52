"use client";
// One clock for every relative time on the page: a single interval ticking each second while anything shows one,
// stopped when nothing does. A component reads the text it shows from the tick, so it re-renders only when that
// text changes ("in 12 s" → "in 11 s"), not on every tick.
import { useSyncExternalStore } from "react";

const TICK_MS = 1000;
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;
let now = Date.now();

function tick() {
  now = Date.now();
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === undefined) {
    now = Date.now();
    timer = setInterval(tick, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

const currentNow = () => (timer === undefined ? Date.now() : now);

/**
 * `compute(now)`, recomputed on the shared clock's ticks; null while rendered on the server (whose clock and zone are
 * not the viewer's), so the first paint in the browser matches the server's.
 */
export function useClockText(compute: (now: number) => string): string | null {
  return useSyncExternalStore(
    subscribe,
    () => compute(currentNow()),
    () => null,
  );
}

const never = () => () => {};

/** A value only the browser knows (the viewer's time zone), null on the server. */
export function useBrowserValue<T>(read: () => T): T | null {
  return useSyncExternalStore(never, read, () => null);
}
