// Cron expressions: what is accepted (and runs under node-cron too), why the rest is refused, run times across
// time zones and daylight saving changes, plain-English readings.

import assert from "node:assert/strict";
import test from "node:test";
import cron from "node-cron";
import {
  CRON_PRESETS,
  CronExpression,
  cronProblem,
  describeCron,
  nextRunTimes,
  slotsBetween,
  TimeZone,
} from "./cron-spec";
import { ScheduleCreateInput, ScheduleUpdateInput } from "./schemas";

const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

const ACCEPTED = [
  "* * * * *",
  "0 9 * * 1-5",
  "0 9 * * MON-FRI",
  "0 9 * * mon,wed,fri",
  "0 9 * * 7",
  "0 0 1 JAN,JUL *",
  "*/15 * * * *",
  "0 8-18/2 * * *",
  "5,35 * * * *",
  "0 0 */2 * *",
  "0 6 1 * *",
  "*/10 * * * * *",
  "30 0 9 * * 1-5",
  "0 0 29 2 *",
  ...CRON_PRESETS.map((p) => p.cron),
];

test("accepted expressions run under node-cron as well", () => {
  for (const expr of ACCEPTED) {
    assert.equal(cronProblem(expr), null, expr);
    assert.equal(cron.validate(expr), true, `node-cron refuses ${expr}`);
    assert.equal(nextRunTimes(expr, "UTC", 3).length, 3, expr);
  }
});

test("refused expressions say why", () => {
  const cases: [string, RegExp][] = [
    ["* * *", /^expected 5 fields \(or 6 with seconds\), got 3$/],
    ["0 0 0 1 1 * 2030", /got 7/],
    ["", /empty/],
    ["60 * * * *", /minute: 60/],
    ["0 24 * * *", /hour: 24/],
    ["0 9 L * *", /day-of-month 'L'.*last day/],
    ["0 9 15W * *", /'W'/],
    ["0 9 * * 5L", /'L'/],
    ["0 9 * * 1#2", /'#'/],
    ["0 9 ? * *", /'\?'/],
    ["@daily", /nicknames/],
    ["0 9 * * monday", /day-of-week 'monday'.*SUN-SAT/],
    ["0 22-2 * * *", /larger than/],
    ["5/15 * * * *", /stepping/],
    ["*/70 * * * *", /steps/],
    ["0 9 1 * 1", /not both/],
    ["0 0 30 2 *", /never matches/],
  ];
  for (const [expr, why] of cases) {
    const problem = cronProblem(expr);
    assert.match(problem ?? "(accepted)", why, expr);
  }
});

test("every expression croner and our rules accept, node-cron accepts too (generated)", () => {
  const parts = [
    "*",
    "0",
    "5",
    "59",
    "*/5",
    "1-5",
    "1,3",
    "0-30/10",
    "7",
    "31",
    "12",
    "MON",
    "JAN",
    "L",
    "?",
    "2#1",
    "13",
  ];
  let accepted = 0;
  for (const a of parts) {
    for (const b of parts) {
      for (const c of ["*", ...parts.slice(1, 6)]) {
        const expr = `${a} ${b === "59" ? "1" : b} ${c} * ${c === "*" ? b : "*"}`;
        if (cronProblem(expr) !== null) continue;
        accepted++;
        assert.equal(cron.validate(expr), true, `node-cron refuses ${expr}`);
      }
    }
  }
  assert.ok(accepted > 100, `only ${accepted} generated expressions accepted`);
});

test("the zod schemas normalise spaces and name the reason", () => {
  assert.equal(CronExpression.parse("  0   9 * *  1-5 "), "0 9 * * 1-5");
  const bad = CronExpression.safeParse("* * *");
  assert.equal(bad.success, false);
  assert.equal(bad.error?.issues[0].message, "expected 5 fields (or 6 with seconds), got 3");
  assert.equal(TimeZone.parse("Europe/Berlin"), "Europe/Berlin");
  assert.equal(TimeZone.parse("europe/berlin"), "Europe/Berlin");
  assert.equal(TimeZone.safeParse("Mars/Base").error?.issues[0].message, "unknown IANA time zone 'Mars/Base'");
  assert.match(TimeZone.safeParse("+01:00").error?.issues[0].message ?? "", /not an IANA time zone name/);
});

test("create fills defaults; update keeps absent fields absent", () => {
  const created = ScheduleCreateInput.parse({ name: "daily", cron: "0 9 * * *", message: "hi" });
  assert.deepEqual(
    { ...created },
    {
      name: "daily",
      description: "",
      cron: "0 9 * * *",
      timezone: "UTC",
      message: "hi",
      model: null,
      enabled: true,
      overlapPolicy: "skip",
      catchUpPolicy: "latest",
      catchUpWindowSeconds: 86400,
      timeoutSeconds: null,
      retryCount: 0,
      retryBackoffSeconds: 60,
      // the controls: no jitter, no window, no auto-pause unless asked for
      jitterSeconds: 0,
      startAt: null,
      endAt: null,
      autoPauseAfterFailures: null,
    },
  );
  assert.deepEqual(ScheduleUpdateInput.parse({ message: "new" }), { message: "new" });
  assert.equal(ScheduleUpdateInput.safeParse({ retryCount: 11 }).success, false);
  assert.equal(ScheduleUpdateInput.safeParse({ overlapPolicy: "sometimes" }).success, false);
});

test("weekdays at 9:00 in Berlin: 08:00Z in winter, 07:00Z once summer time starts", () => {
  // Summer time in Europe starts on Sunday 2027-03-28.
  const runs = nextRunTimes("0 9 * * 1-5", "Europe/Berlin", 5, new Date("2027-03-25T12:00:00Z"));
  assert.deepEqual(iso(runs), [
    "2027-03-26T08:00:00.000Z",
    "2027-03-29T07:00:00.000Z",
    "2027-03-30T07:00:00.000Z",
    "2027-03-31T07:00:00.000Z",
    "2027-04-01T07:00:00.000Z",
  ]);
});

test("02:30 daily in New York runs exactly once on both daylight saving change days", () => {
  // 2027-03-14: clocks jump from 02:00 to 03:00 EDT, so 02:30 does not exist; it runs at 03:00 EDT (07:00Z).
  const spring = nextRunTimes("30 2 * * *", "America/New_York", 3, new Date("2027-03-13T12:00:00Z"));
  assert.deepEqual(iso(spring), ["2027-03-14T07:00:00.000Z", "2027-03-15T06:30:00.000Z", "2027-03-16T06:30:00.000Z"]);
  // 2027-11-07: 01:00-02:00 repeats; 02:30 EST (07:30Z) happens once.
  const fall = nextRunTimes("30 2 * * *", "America/New_York", 3, new Date("2027-11-06T12:00:00Z"));
  assert.deepEqual(iso(fall), ["2027-11-07T07:30:00.000Z", "2027-11-08T07:30:00.000Z", "2027-11-09T07:30:00.000Z"]);
  // One run per calendar day across both change weeks.
  const weeks = [
    ...slotsBetween(
      "30 2 * * *",
      "America/New_York",
      new Date("2027-03-10T00:00:00Z"),
      new Date("2027-03-18T00:00:00Z"),
      100,
    ),
    ...slotsBetween(
      "30 2 * * *",
      "America/New_York",
      new Date("2027-11-03T00:00:00Z"),
      new Date("2027-11-11T00:00:00Z"),
      100,
    ),
  ];
  const days = weeks.map((d) => d.toLocaleDateString("en-CA", { timeZone: "America/New_York" }));
  assert.equal(new Set(days).size, days.length, `a day ran twice: ${days.join(", ")}`);
  assert.equal(days.length, 16);
});

test("seconds-level expressions give second-precise runs", () => {
  const runs = nextRunTimes("*/20 * * * * *", "UTC", 4, new Date("2027-01-01T00:00:05Z"));
  assert.deepEqual(iso(runs), [
    "2027-01-01T00:00:20.000Z",
    "2027-01-01T00:00:40.000Z",
    "2027-01-01T00:01:00.000Z",
    "2027-01-01T00:01:20.000Z",
  ]);
});

test("slotsBetween excludes the start, includes the end and stops at the limit", () => {
  const from = new Date("2027-01-01T00:00:00Z");
  const until = new Date("2027-01-01T03:00:00Z");
  assert.deepEqual(iso(slotsBetween("0 * * * *", "UTC", from, until, 10)), [
    "2027-01-01T01:00:00.000Z",
    "2027-01-01T02:00:00.000Z",
    "2027-01-01T03:00:00.000Z",
  ]);
  assert.equal(slotsBetween("* * * * *", "UTC", from, until, 5).length, 5);
  assert.deepEqual(slotsBetween("0 9 * * *", "UTC", from, new Date("2027-01-01T08:59:59Z"), 10), []);
});

test("plain-English readings use the 24-hour clock and read seconds", () => {
  assert.equal(describeCron("0 9 * * 1-5"), "At 09:00, Monday through Friday");
  assert.equal(describeCron("* * * * *"), "Every minute");
  assert.equal(describeCron("30 14 1 * *"), "At 14:30, on day 1 of the month");
  assert.equal(describeCron("*/15 * * * * *"), "Every 15 seconds");
  assert.equal(describeCron("* * *"), "");
});
