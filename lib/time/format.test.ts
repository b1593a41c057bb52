// The one time formatter: relative text for past and future, exact times on named clocks, seconds when they matter,
// and the wall clock across daylight saving changes.
import assert from "node:assert/strict";
import { test } from "node:test";
import { nextRunTimes } from "@/lib/schedules/cron-spec";
import { formatAbsolute, formatExact, formatRelative, formatSpan, hasSecondsField, needsSeconds } from "./format";

const now = Date.parse("2026-12-01T06:00:00.000Z");
const at = (ms: number) => new Date(now + ms).toISOString();

test("past times: just now within a second, then seconds, minutes, hours, days, months, years ago", () => {
  assert.equal(formatRelative(at(0), now), "just now");
  assert.equal(formatRelative(at(-999), now), "just now");
  assert.equal(formatRelative(at(-1000), now), "1 s ago");
  assert.equal(formatRelative(at(-12_400), now), "12 s ago");
  assert.equal(formatRelative(at(-59_999), now), "59 s ago");
  assert.equal(formatRelative(at(-60_000), now), "1 min ago");
  assert.equal(formatRelative(at(-3 * 60_000 - 5_000), now), "3 min ago");
  assert.equal(formatRelative(at(-2 * 3_600_000), now), "2 h ago");
  assert.equal(formatRelative(at(-86_400_000), now), "1 day ago");
  assert.equal(formatRelative(at(-3 * 86_400_000), now), "3 days ago");
  assert.equal(formatRelative(at(-65 * 86_400_000), now), "2 months ago");
  assert.equal(formatRelative(at(-800 * 86_400_000), now), "2 years ago");
});

test("future times: in N s counted up to the next second, never just now or in 0 s", () => {
  assert.equal(formatRelative(at(1), now), "in 1 s");
  assert.equal(formatRelative(at(400), now), "in 1 s");
  assert.equal(formatRelative(at(11_200), now), "in 12 s");
  assert.equal(formatRelative(at(12_000), now), "in 12 s");
  assert.equal(formatRelative(at(59_500), now), "in 1 min");
  assert.equal(formatRelative(at(3 * 60_000 + 20_000), now), "in 3 min");
  assert.equal(formatRelative(at(5 * 3_600_000), now), "in 5 h");
  assert.equal(formatRelative(at(2 * 86_400_000), now), "in 2 days");
  for (let ms = 1; ms < 120_000; ms += 997) {
    const text = formatRelative(at(ms), now);
    assert.match(text, /^in [1-9]/, `${ms} ms ahead reads "${text}"`);
  }
});

test("a time known to be past reads just now when the viewer's clock is a little behind", () => {
  assert.equal(formatRelative(at(700), now, { past: true }), "just now");
  assert.equal(formatRelative(at(-5_000), now, { past: true }), "5 s ago");
});

test("bad input reads as a dash, not NaN", () => {
  assert.equal(formatRelative("not a time", now), "—");
  assert.equal(formatAbsolute("not a time"), "—");
});

test("spans", () => {
  assert.equal(formatSpan(4_000), "4 s");
  assert.equal(formatSpan(-4_000), "4 s");
  assert.equal(formatSpan(90 * 60_000), "1 h");
});

test("absolute times name their zone, with seconds only when asked", () => {
  const t = "2026-12-01T00:00:05.000Z";
  assert.equal(formatAbsolute(t, { timeZone: "Asia/Tokyo" }), "Tue, Dec 1, 2026, 09:00 GMT+9");
  assert.equal(formatAbsolute(t, { timeZone: "Asia/Tokyo", seconds: true }), "Tue, Dec 1, 2026, 09:00:05 GMT+9");
  assert.equal(formatAbsolute(t, { timeZone: "UTC", short: true }), "Dec 1, 00:00 UTC");
  assert.equal(formatAbsolute(t, { timeZone: "Europe/Berlin", seconds: true }), "Tue, Dec 1, 2026, 01:00:05 GMT+1");
  // An unknown zone (half typed) falls back to UTC.
  assert.equal(formatAbsolute(t, { timeZone: "Mars/Olympus" }), "Tue, Dec 1, 2026, 00:00 UTC");
});

test("the exact tooltip gives the viewer's clock, and the schedule's when it reads differently", () => {
  const t = "2026-12-01T00:00:05.000Z";
  assert.equal(
    formatExact(t, { viewerZone: "Europe/Berlin", timeZone: "Asia/Tokyo" }),
    "Tue, Dec 1, 2026, 01:00:05 GMT+1 (your time) · Tue, Dec 1, 2026, 09:00:05 GMT+9 (Asia/Tokyo)",
  );
  assert.equal(
    formatExact(t, { viewerZone: "UTC", timeZone: "Etc/UTC" }),
    "Tue, Dec 1, 2026, 00:00:05 UTC (your time and Etc/UTC)",
  );
  assert.equal(formatExact(t, { viewerZone: "UTC" }), "Tue, Dec 1, 2026, 00:00:05 UTC");
});

test("across daylight saving changes the wall clock and the zone's name follow the date", () => {
  const ny = { timeZone: "America/New_York", seconds: true };
  // Spring forward: 01:59:59 EST is followed by 03:00:00 EDT.
  assert.equal(formatAbsolute("2026-03-08T06:59:59Z", ny), "Sun, Mar 8, 2026, 01:59:59 EST");
  assert.equal(formatAbsolute("2026-03-08T07:00:00Z", ny), "Sun, Mar 8, 2026, 03:00:00 EDT");
  // Fall back: 01:30 happens twice, told apart by the zone's name.
  assert.equal(formatAbsolute("2026-11-01T05:30:00Z", ny), "Sun, Nov 1, 2026, 01:30:00 EDT");
  assert.equal(formatAbsolute("2026-11-01T06:30:00Z", ny), "Sun, Nov 1, 2026, 01:30:00 EST");
  // Berlin's change: the tooltip's two clocks move apart by an hour for the weeks the zones change on different days.
  assert.equal(
    formatExact("2026-03-20T12:00:00Z", { viewerZone: "Europe/Berlin", timeZone: "America/New_York" }),
    "Fri, Mar 20, 2026, 13:00:00 GMT+1 (your time) · Fri, Mar 20, 2026, 08:00:00 EDT (America/New_York)",
  );
  // Relative text counts real time, not wall-clock time: an hour across the change is an hour.
  assert.equal(formatRelative("2026-03-08T07:30:00Z", Date.parse("2026-03-08T06:30:00Z")), "in 1 h");
});

test("seconds are shown for a seconds field or times under a minute apart", () => {
  assert.equal(hasSecondsField("*/5 * * * * *"), true);
  assert.equal(hasSecondsField(" 0 9 * * 1-5 "), false);
  const everyFive = nextRunTimes("*/5 * * * * *", "UTC", 3, new Date(now));
  assert.equal(needsSeconds(everyFive, "*/5 * * * * *"), true);
  assert.equal(needsSeconds(everyFive), true);
  // The three next runs of a seconds-level schedule read apart once their seconds are shown.
  const texts = everyFive.map((d) => formatAbsolute(d, { timeZone: "UTC", seconds: needsSeconds(everyFive) }));
  assert.equal(new Set(texts).size, 3);
  assert.deepEqual(texts, [
    "Tue, Dec 1, 2026, 06:00:05 UTC",
    "Tue, Dec 1, 2026, 06:00:10 UTC",
    "Tue, Dec 1, 2026, 06:00:15 UTC",
  ]);
  const hourly = nextRunTimes("0 * * * *", "UTC", 3, new Date(now));
  assert.equal(needsSeconds(hourly, "0 * * * *"), false);
  assert.equal(needsSeconds(["2026-12-01T06:00:00Z", "2026-12-01T06:00:30Z"]), true);
  assert.equal(needsSeconds([]), false);
});
