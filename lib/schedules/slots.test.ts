// planSlots' short way (the slot the scheduler queued is due and on time) plans exactly what the long way plans, and
// the next slot it finds on the way is the clock's next slot after what it planned.
import assert from "node:assert/strict";
import { test } from "node:test";
import { planSlots, SlotClock, type SlotState } from "./slots";

const CASES: [string, string][] = [
  ["* * * * * *", "UTC"],
  ["*/5 * * * * *", "Europe/Berlin"],
  ["0 * * * *", "America/New_York"],
  ["30 2 * * *", "Europe/Berlin"], // 02:30 falls in the spring-forward gap once a year
  ["0 9 * * 1-5", "Asia/Tokyo"],
  ["15 10 29 2 *", "UTC"], // once every four years
];

const state = (handledThrough: number): SlotState => ({
  handledThrough,
  owedFrom: null,
  failure: null,
  down: false,
  catchUpPolicy: "latest",
  catchUpWindowSeconds: 3600,
});

test("the on-time short way plans what the long way plans, and knows the next slot", () => {
  let compared = 0;
  for (const [cron, zone] of CASES) {
    const clock = new SlotClock(cron, zone);
    let handled = Date.parse("2026-03-27T00:00:00Z");
    for (let i = 0; i < 40; i += 1) {
      const first = clock.next(new Date(handled))!.getTime();
      // Due now, or a little late (within the tolerance), so that some every-second slots after it are due too.
      for (const lateMs of [0, 2_300]) {
        const now = first + lateMs;
        const long = planSlots(clock, state(handled), now, 5_000);
        const short = planSlots(clock, state(handled), now, 5_000, first);
        assert.deepEqual(short.slots, long.slots, `${cron} ${zone} at ${new Date(now).toISOString()}`);
        assert.equal(short.through, long.through);
        assert.equal(short.nextAfter, clock.next(new Date(short.through))?.getTime() ?? null);
        compared += 1;
      }
      handled = first;
    }
  }
  assert.equal(compared, CASES.length * 80);
});

test("the short way is not taken for a slot late beyond the tolerance or after downtime: missed slots are planned", () => {
  const clock = new SlotClock("* * * * * *", "UTC");
  const handled = Date.parse("2026-01-01T00:00:00Z");
  const first = handled + 1000;
  const late = planSlots(clock, state(handled), first + 10_000, 5_000, first);
  assert.ok(
    late.slots.some((s) => s.missed),
    "slots late beyond the tolerance are recorded missed",
  );
  assert.equal(late.nextAfter, undefined);
  const down = planSlots(clock, { ...state(handled), down: true }, first + 2_000, 5_000, first);
  assert.ok(down.slots.every((s) => s.missed || s.catchUp));
});
