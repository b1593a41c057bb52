// Daylight-saving notes agree with the slot clock the scheduler fires by: a half-hour change (Lord Howe), the southern
// hemisphere, several times in one gap, an every-second expression, and zones or times no change touches.
import assert from "node:assert/strict";
import { test } from "node:test";
import { dstNotes } from "./dst-notes";
import { SlotClock } from "./slots";

const FROM = new Date("2027-01-01T00:00:00Z");
const messages = (cron: string, zone: string) => dstNotes(cron, zone, FROM).map((n) => `${n.kind} ${n.message}`);

test("Lord Howe turns its clock by half an hour: 01:45 comes twice in April; the note follows what the clock fires", () => {
  // croner runs the repeated 01:45 of "45 1,2" at both occurrences, and that of "45 1" once.
  assert.deepEqual(messages("45 1,2 * * *", "Australia/Lord_Howe"), [
    "repeat runs twice at 01:45 (at UTC+11:00, then again at UTC+10:30) on 4 Apr 2027",
  ]);
  assert.deepEqual(messages("45 1 * * *", "Australia/Lord_Howe"), [
    "repeat runs once at 01:45 (first occurrence, UTC+11:00) on 4 Apr 2027",
  ]);
  const fired = (cron: string) =>
    new SlotClock(cron, "Australia/Lord_Howe")
      .between(new Date("2027-04-03T14:00:00Z"), new Date("2027-04-03T15:29:00Z"), 5)
      .map((d) => d.toISOString());
  assert.deepEqual(fired("45 1,2 * * *"), ["2027-04-03T14:45:00.000Z", "2027-04-03T15:15:00.000Z"]);
  assert.deepEqual(fired("45 1 * * *"), ["2027-04-03T14:45:00.000Z"]);
});

test("southern hemisphere: Sydney's gap is in October and its repeated hour in April", () => {
  assert.deepEqual(messages("30 2 * * *", "Australia/Sydney"), [
    "repeat runs once at 02:30 (first occurrence, UTC+11:00) on 4 Apr 2027",
    "gap runs at 03:00 instead of 02:30 on 3 Oct 2027",
  ]);
});

test("several times in one gap are all skipped when the scheduler fires none of them", () => {
  assert.deepEqual(messages("*/20 1 * * *", "Europe/London"), [
    "gap skips 01:00, 01:20 and 01:40 on 28 Mar 2027 (clocks go forward from 01:00 to 02:00)",
    "repeat runs twice at 01:00, 01:20 and 01:40 (at UTC+01:00, then again at UTC+00:00) on 31 Oct 2027",
  ]);
  const clock = new SlotClock("*/20 1 * * *", "Europe/London");
  assert.equal(clock.between(new Date("2027-03-28T00:00:00Z"), new Date("2027-03-28T03:00:00Z"), 5).length, 0);
});

test("an every-second expression reads as a range", () => {
  assert.deepEqual(messages("* * * * * *", "America/New_York"), [
    "gap skips each of its times from 02:00 to 02:59:59 on 14 Mar 2027 (clocks go forward from 02:00 to 03:00)",
    "repeat runs twice at each of its times from 01:00 to 01:59:59 (at UTC-04:00, then again at UTC-05:00) on 7 Nov 2027",
  ]);
});

test("no notes: a zone without changes, a time no change touches, a weekday that misses the change days", () => {
  assert.deepEqual(messages("30 2 * * *", "UTC"), []);
  assert.deepEqual(messages("0 9 * * *", "Europe/Berlin"), []);
  // 28 Mar and 31 Oct 2027 are Sundays.
  assert.deepEqual(messages("30 1 * * 1-5", "Europe/London"), []);
});
