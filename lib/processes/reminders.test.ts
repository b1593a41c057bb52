// When reminders fall: durations before the deadline and an interval from the request merge into one sequence before
// the deadline; asked after a long gap (every worker down), only the first time after now comes back.
import assert from "node:assert/strict";
import test from "node:test";
import { nextReminderAt, reminderCount, reminderFields, reminderScheduleOf } from "./reminders";

const S = 1000;

/** Every reminder time of a schedule, walked as the worker walks it when it is never late. */
function times(step: Parameters<typeof reminderScheduleOf>[0], timeout: number | null, limit = 20): number[] {
  const s = reminderScheduleOf(step);
  const out: number[] = [];
  let at = 0;
  for (;;) {
    const next = nextReminderAt(s, 0, timeout === null ? null : timeout * S, at, out.length);
    if (next === null || out.length >= limit) return out;
    out.push(next / S);
    at = next;
  }
}

test("reminders before the deadline come in time order, each once", () => {
  assert.deepEqual(times({ reminders: ["1h", "4h", "1h"] }, 86400), [86400 - 4 * 3600, 86400 - 3600]);
});

test("remind_every counts from the request and stops before the deadline", () => {
  assert.deepEqual(times({ remind_every: "2s" }, 7), [2, 4, 6]);
  assert.deepEqual(times({ remind_every: "2s" }, 6), [2, 4]);
  assert.deepEqual(times({ remind_every: "1h" }, null, 3), [3600, 7200, 10800]);
});

test("both together merge, and a time they share counts once", () => {
  assert.deepEqual(times({ reminders: ["5s", "1s"], remind_every: "2s" }, 7), [2, 4, 6]);
  assert.deepEqual(times({ reminders: ["3s"], remind_every: "2s" }, 7), [2, 4, 6]);
});

test("after a gap, only the first time after now comes back", () => {
  const s = reminderScheduleOf({ reminders: ["9s", "7s", "5s"], remind_every: "1s" });
  assert.equal(nextReminderAt(s, 0, 10 * S, 7_500, 1), 8_000);
  assert.equal(nextReminderAt(s, 0, 10 * S, 9_500, 1), null);
});

test("an approval gets at most 100 reminders", () => {
  assert.equal(times({ remind_every: "1s" }, null, 1000).length, 100);
  assert.equal(reminderCount(reminderScheduleOf({ remind_every: "1s" }), null), Number.POSITIVE_INFINITY);
  assert.equal(reminderCount(reminderScheduleOf({ remind_every: "1s" }), 1000), 100);
  assert.equal(reminderCount(reminderScheduleOf({ reminders: ["4h", "1h"] }), 86400), 2);
});

test("the fields an approval keeps, with its first reminder", () => {
  const created = new Date("2026-12-01T10:00:00Z");
  const deadline = new Date("2026-12-02T10:00:00Z");
  const f = reminderFields(
    { reminders: ["1h", "4h"], remind_every: "8h", escalate_to: ["boss@example.com"] },
    created,
    deadline,
  );
  assert.deepEqual(f, {
    reminderOffsets: "[14400,3600]",
    remindEvery: 28800,
    nextReminderAt: new Date("2026-12-01T18:00:00Z"),
    escalateTo: '["boss@example.com"]',
    escalateAfter: 1,
  });
  assert.equal(reminderFields({}, created, deadline).nextReminderAt, null);
});
