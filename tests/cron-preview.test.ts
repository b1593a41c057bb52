// Cron preview API: the reading and the runs from any instant, the daylight-saving notes with the very times the
// scheduler's slot clock fires, bad input refused naming the field, and no answer without sign-in.
import assert from "node:assert/strict";
import test from "node:test";
import { setupTestEnv } from "./support/env";

setupTestEnv("cron-preview");
const { call } = await import("./support/http");
const { createTestUser } = await import("./support/users");
const { SlotClock } = await import("@/lib/schedules/slots");
const previewRoute = await import("@/app/api/cron/preview/route");

const user = await createTestUser("user");

function preview(query: Record<string, string>, signedIn = true) {
  const token = signedIn ? user.token : undefined;
  return call(previewRoute, "GET", `/api/cron/preview?${new URLSearchParams(query)}`, { token });
}

async function previewOk(query: Record<string, string>) {
  const res = await preview(query);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
}

test("the reading and the runs strictly after `from`, in the zone", async () => {
  const body = await previewOk({
    expression: "0  9 * * 1-5",
    timezone: "europe/berlin",
    from: "2027-01-01T08:00:00Z",
    count: "3",
  });
  assert.equal(body.expression, "0 9 * * 1-5");
  assert.equal(body.timezone, "Europe/Berlin");
  assert.equal(body.description, "At 09:00, Monday through Friday");
  assert.equal(body.from, "2027-01-01T08:00:00.000Z");
  // 1 Jan 2027 is a Friday: 09:00 CET is 08:00 UTC, not after `from`; then Monday and Tuesday.
  assert.deepEqual(body.runs, ["2027-01-04T08:00:00.000Z", "2027-01-05T08:00:00.000Z", "2027-01-06T08:00:00.000Z"]);
  assert.deepEqual(body.dstNotes, [], "09:00 is never touched by Berlin's changes");
});

test("defaults: UTC, five runs, from now", async () => {
  const before = Date.now();
  const body = await previewOk({ expression: "*/10 * * * *" });
  assert.equal(body.timezone, "UTC");
  assert.equal(body.runs.length, 5);
  assert.ok(Date.parse(body.from) >= before);
  assert.ok(Date.parse(body.runs[0]) > Date.parse(body.from));
  assert.ok(body.runs.every((r: string) => new Date(r).getUTCMinutes() % 10 === 0));
});

test("America/New_York: 02:30 moves to 03:00 on 14 Mar 2027, the runs agree with the slot clock", async () => {
  const from = "2027-03-13T00:00:00Z";
  const body = await previewOk({ expression: "30 2 * * *", timezone: "America/New_York", from, count: "3" });
  const clock = new SlotClock("30 2 * * *", "America/New_York");
  assert.deepEqual(
    body.runs,
    clock.between(new Date(from), new Date("2027-03-16T00:00:00Z"), 3).map((d) => d.toISOString()),
  );
  assert.deepEqual(body.runs, ["2027-03-13T07:30:00.000Z", "2027-03-14T07:00:00.000Z", "2027-03-15T06:30:00.000Z"]);
  // 02:30 exists on the fall-back day (the repeated hour is 01:00–02:00), so only the gaps of the year ahead are noted.
  assert.deepEqual(body.dstNotes, [
    { kind: "gap", date: "2027-03-14", local: "02:30", message: "runs at 03:00 instead of 02:30 on 14 Mar 2027" },
    { kind: "gap", date: "2028-03-12", local: "02:30", message: "runs at 03:00 instead of 02:30 on 12 Mar 2028" },
  ]);
});

test("Europe/London: 01:30 moves to 02:00 in March and runs once, at its first occurrence, in October", async () => {
  const body = await previewOk({ expression: "30 1 * * *", timezone: "Europe/London", from: "2027-01-01T00:00:00Z" });
  assert.deepEqual(body.dstNotes, [
    { kind: "gap", date: "2027-03-28", local: "01:30", message: "runs at 02:00 instead of 01:30 on 28 Mar 2027" },
    {
      kind: "repeat",
      date: "2027-10-31",
      local: "01:30",
      message: "runs once at 01:30 (first occurrence, UTC+01:00) on 31 Oct 2027",
    },
  ]);
  // What the scheduler fires on those days: 02:00 BST (01:00Z) once; 01:30 BST (00:30Z) and not 01:30 GMT.
  const clock = new SlotClock("30 1 * * *", "Europe/London");
  const day = (a: string, b: string) => clock.between(new Date(a), new Date(b), 5).map((d) => d.toISOString());
  assert.deepEqual(day("2027-03-27T23:00:00Z", "2027-03-28T23:00:00Z"), ["2027-03-28T01:00:00.000Z"]);
  assert.deepEqual(day("2027-10-30T23:00:00Z", "2027-10-31T23:59:00Z"), ["2027-10-31T00:30:00.000Z"]);
});

test("an hourly expression: the gap's hour is skipped and the repeated hour runs twice, as the slot clock fires", async () => {
  const body = await previewOk({ expression: "0 * * * *", timezone: "Europe/London", from: "2027-01-01T00:00:00Z" });
  assert.deepEqual(
    body.dstNotes.map((n: { kind: string; message: string }) => [n.kind, n.message]),
    [
      ["gap", "skips 01:00 on 28 Mar 2027 (clocks go forward from 01:00 to 02:00)"],
      ["repeat", "runs twice at 01:00 (at UTC+01:00, then again at UTC+00:00) on 31 Oct 2027"],
    ],
  );
  const clock = new SlotClock("0 * * * *", "Europe/London");
  const fired = clock.between(new Date("2027-10-30T23:30:00Z"), new Date("2027-10-31T01:30:00Z"), 5);
  assert.deepEqual(
    fired.map((d) => d.toISOString()),
    ["2027-10-31T00:00:00.000Z", "2027-10-31T01:00:00.000Z"],
    "01:00 BST and 01:00 GMT",
  );
});

test("a zone without daylight saving, or a time the changes never touch, has no notes", async () => {
  assert.deepEqual((await previewOk({ expression: "30 2 * * *", timezone: "Asia/Tokyo" })).dstNotes, []);
  assert.deepEqual((await previewOk({ expression: "0 12 * * *", timezone: "America/New_York" })).dstNotes, []);
});

test("bad input: 400 naming the field, with a sentence", async () => {
  const cases: [Record<string, string>, string, RegExp][] = [
    [{}, "expression", /expression|required/i],
    [{ expression: "0 9 * *" }, "expression", /expected 5 fields/],
    [{ expression: "x".repeat(201) }, "expression", /longer than 200/],
    [{ expression: "0 9 * * *", timezone: "Mars/Olympus" }, "timezone", /unknown IANA time zone/],
    [{ expression: "0 9 * * *", from: "yesterday" }, "from", /ISO 8601/],
    [{ expression: "0 9 * * *", count: "0" }, "count", /at least 1/],
    [{ expression: "0 9 * * *", count: "51" }, "count", /at most 50/],
    [{ expression: "0 9 * * *", count: "two" }, "count", /whole number/],
    [{ expression: "0 9 * * *", extra: "1" }, "extra", /./],
  ];
  for (const [query, field, message] of cases) {
    const res = await preview(query);
    assert.equal(res.status, 400, `${JSON.stringify(query)} → ${JSON.stringify(res.body)}`);
    assert.equal(res.body.error.code, "validation_failed");
    const detail = res.body.error.details.find((d: { field: string }) => d.field === field);
    assert.ok(detail, `${JSON.stringify(query)} names ${field}: ${JSON.stringify(res.body.error.details)}`);
    assert.match(detail.message, message);
  }
});

test("without sign-in: 401", async () => {
  const res = await preview({ expression: "0 9 * * *" }, false);
  assert.equal(res.status, 401);
  assert.equal(res.body.error.code, "unauthorized");
});
