// The slot side of the schedule controls: a start/end window bounds every question the clock answers, and jitter is a
// deterministic offset within its bound that spreads the slots of a schedule.
import assert from "node:assert/strict";
import { test } from "node:test";
import { jitteredStart, jitterOffsetMs, SlotClock } from "./slots";

const at = (s: string) => new Date(s);

test("a window bounds next, latest and the slots between", () => {
  const startAt = Date.parse("2026-06-01T10:00:00Z");
  const endAt = Date.parse("2026-06-01T12:00:00Z");
  const clock = new SlotClock("0 * * * *", "UTC", { startAt, endAt });
  assert.equal(clock.next(at("2026-06-01T00:00:00Z"))?.toISOString(), "2026-06-01T10:00:00.000Z");
  assert.equal(clock.next(at("2026-06-01T12:00:00Z")), null);
  assert.equal(clock.latestAtOrBefore(at("2026-06-02T00:00:00Z"))?.toISOString(), "2026-06-01T12:00:00.000Z");
  assert.equal(clock.latestAtOrBefore(at("2026-06-01T09:59:00Z")), null);
  const between = clock.between(at("2026-05-31T00:00:00Z"), at("2026-06-03T00:00:00Z"), 100);
  assert.deepEqual(
    between.map((d) => d.toISOString()),
    ["2026-06-01T10:00:00.000Z", "2026-06-01T11:00:00.000Z", "2026-06-01T12:00:00.000Z"],
  );
  const last = clock.lastBetween(at("2026-05-31T00:00:00Z"), at("2026-06-03T00:00:00Z"), 100);
  assert.deepEqual(last, between);
  // Without a window the same clock runs every hour.
  assert.equal(
    new SlotClock("0 * * * *", "UTC").between(at("2026-05-31T00:00:00Z"), at("2026-06-03T00:00:00Z"), 100).length,
    72,
  );
});

test("jitter is the same on every computation, within its bound, and spread across slots", () => {
  const clock = new SlotClock("* * * * *", "UTC");
  const slots = clock.between(at("2026-06-01T00:00:00Z"), at("2026-06-01T10:00:00Z"), 600);
  const offsets = slots.map((slot) => jitterOffsetMs("sched-1", slot, 60));
  for (const [i, slot] of slots.entries()) {
    assert.equal(jitterOffsetMs("sched-1", new Date(slot.getTime()), 60), offsets[i]);
    assert.ok(offsets[i] >= 0 && offsets[i] <= 60_000, `offset ${offsets[i]} out of bounds`);
  }
  // Spread: the offsets fill the range's tenths, not one spot.
  const tenths = new Set(offsets.map((o) => Math.min(9, Math.floor(o / 6000))));
  assert.equal(tenths.size, 10);
  // Another schedule's same slot waits another time; no jitter means no wait.
  assert.notEqual(jitterOffsetMs("sched-2", slots[0], 60), offsets[0]);
  assert.equal(jitterOffsetMs("sched-1", slots[0], 0), 0);
  assert.equal(jitteredStart("sched-1", slots[0], 0), null);
  assert.equal(jitteredStart("sched-1", slots[1], 60)?.getTime(), slots[1].getTime() + offsets[1]);
});
