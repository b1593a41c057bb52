// changeWithEvent: a one-row change and the event announcing it are written together or not at all, on each database
// (PostgreSQL: one statement; SQLite: a transaction) — the event only when the change wrote its row.

import assert from "node:assert/strict";
import test from "node:test";
import { setupTestEnv } from "./support/env";

setupTestEnv("outbox-change");
const { db, direct } = await import("@/lib/db");
const { Prisma } = await import("@/lib/db/client-types");
const { isUniqueViolation } = await import("@/lib/db/errors");
const { changeWithEvent } = await import("@/lib/events/outbox");

// An event only workers act on, its marker in the user id.
const event = (marker: string) => ({
  name: "access_changed" as const,
  payload: { v: 1, at: new Date().toISOString(), userId: marker },
  rooms: [],
});
const eventsFor = async (marker: string) =>
  (await db.event.findMany()).filter((e) => JSON.parse(e.payload).userId === marker).length;
const insert = (key: string) =>
  Prisma.sql`INSERT INTO "Setting" ("key", "value", "updatedAt") VALUES (${key}, 'v', ${new Date()}) RETURNING *`;

test("a change that writes its row answers it and appends its event", async () => {
  const row = await changeWithEvent<{ key: string; value: string; updatedAt: Date }>(
    direct,
    insert("written"),
    event("written"),
  );
  assert.equal(row?.key, "written");
  assert.ok(row?.updatedAt instanceof Date, "the row's values are converted as plain SQL converts them");
  assert.equal(await eventsFor("written"), 1);
  assert.equal((await db.setting.findUnique({ where: { key: "written" } }))?.value, "v");
});

test("a change that matches no row answers null and appends nothing", async () => {
  const row = await changeWithEvent(
    direct,
    Prisma.sql`UPDATE "Setting" SET "value" = 'x' WHERE "key" = 'missing' RETURNING *`,
    event("unmatched"),
  );
  assert.equal(row, null);
  assert.equal(await eventsFor("unmatched"), 0);
});

test("a change that fails appends nothing, and its error says why", async () => {
  await changeWithEvent(direct, insert("twice"), event("first"));
  await assert.rejects(changeWithEvent(direct, insert("twice"), event("second")), (err) => isUniqueViolation(err));
  assert.equal(await eventsFor("first"), 1);
  assert.equal(await eventsFor("second"), 0);
});
