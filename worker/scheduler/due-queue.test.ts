// The due-queue hands entries out in time order, and compacting it keeps exactly the entries still wanted, in order.
import assert from "node:assert/strict";
import { test } from "node:test";
import { DueQueue } from "./due-queue";

function drain(q: DueQueue<string>, now = Infinity): [number, string][] {
  const out: [number, string][] = [];
  for (let e = q.popDue(now); e; e = q.popDue(now)) out.push([e.at, e.item]);
  return out;
}

test("entries come out oldest first, only once due", () => {
  const q = new DueQueue<string>();
  for (const [at, item] of [
    [30, "c"],
    [10, "a"],
    [20, "b"],
    [10, "a2"],
  ] as const)
    q.push(at, item);
  assert.equal(q.peek(), 10);
  assert.deepEqual(
    drain(q, 15).map(([at]) => at),
    [10, 10],
  );
  assert.deepEqual(drain(q), [
    [20, "b"],
    [30, "c"],
  ]);
  assert.equal(q.peek(), null);
});

test("compact drops the entries not wanted and keeps the rest in time order", () => {
  const q = new DueQueue<string>();
  for (let i = 0; i < 1000; i++) q.push((i * 7919) % 1000, i % 3 === 0 ? `stale-${i}` : `live-${i}`);
  q.compact((e) => !e.item.startsWith("stale"));
  assert.equal(q.size, 666);
  const out = drain(q);
  assert.ok(out.every(([, item]) => item.startsWith("live")));
  assert.deepEqual(
    out.map(([at]) => at),
    [...out.map(([at]) => at)].sort((a, b) => a - b),
  );
  // Still a working heap after compacting: new entries take their place.
  q.push(5, "x");
  q.push(1, "y");
  assert.deepEqual(drain(q), [
    [1, "y"],
    [5, "x"],
  ]);
});
