// Plain SQL (lib/db/sql.ts) answers rows with the values the Prisma client gives for the same rows — dates, integers,
// floats, booleans, nulls — on each database; and its transactions commit and roll back. That it never joins a
// transaction the client has open on SQLite's shared connection is in db-transactions.test.ts.

import assert from "node:assert/strict";
import test from "node:test";
import { setupTestEnv } from "./support/env";

setupTestEnv("db-sql");
const { db, direct } = await import("@/lib/db");
const { Prisma } = await import("@/lib/db/client-types");
const { createTestUser } = await import("./support/users");

const owner = await createTestUser("admin");
const agent = await db.agent.create({
  data: { name: "plain", runtime: "command", command: "cat", workspaceDir: "/tmp/plain", ownerId: owner.id },
});

test("rows read with plain SQL equal the client's: dates, integers, floats, booleans and nulls", async () => {
  const execution = await db.execution.create({
    data: {
      agentId: agent.id,
      trigger: "api",
      status: "succeeded",
      message: "hello",
      costUsd: 0.012345,
      inputTokens: 1234,
      durationMs: 987,
      finishedAt: new Date("2026-03-29T01:30:00.123Z"),
    },
  });
  const [plain] = await direct.query(Prisma.sql`SELECT * FROM "Execution" WHERE "id" = ${execution.id}`);
  assert.deepEqual(plain, await db.execution.findUnique({ where: { id: execution.id } }));

  const schedule = await db.schedule.create({
    data: { agentId: agent.id, name: "nightly", cron: "0 3 * * *", timezone: "UTC", message: "m", enabled: false },
  });
  const [row] = await direct.query<{ enabled: boolean; retryCount: number; createdAt: Date }>(
    Prisma.sql`SELECT * FROM "Schedule" WHERE "id" = ${schedule.id}`,
  );
  assert.deepEqual(row, await db.schedule.findUnique({ where: { id: schedule.id } }));
  assert.equal(row.enabled, false);

  // Dates bound as parameters compare as the client's own do.
  const before = await direct.query(
    Prisma.sql`SELECT "id" FROM "Execution" WHERE "finishedAt" < ${new Date("2026-03-29T01:30:00.124Z")} AND "id" = ${execution.id}`,
  );
  const after = await direct.query(
    Prisma.sql`SELECT "id" FROM "Execution" WHERE "finishedAt" > ${new Date("2026-03-29T01:30:00.123Z")} AND "id" = ${execution.id}`,
  );
  assert.deepEqual([before.length, after.length], [1, 0]);
});

test("a plain transaction commits what it wrote, or nothing when it throws", async () => {
  await direct.transaction(async (tx) => {
    await tx.execute(
      Prisma.sql`INSERT INTO "Setting" ("key", "value", "updatedAt") VALUES ('kept', '1', ${new Date()})`,
    );
  });
  await assert.rejects(
    direct.transaction(async (tx) => {
      await tx.execute(
        Prisma.sql`INSERT INTO "Setting" ("key", "value", "updatedAt") VALUES ('undone', '1', ${new Date()})`,
      );
      throw new Error("roll back");
    }),
    /roll back/,
  );
  assert.ok(await db.setting.findUnique({ where: { key: "kept" } }));
  assert.equal(await db.setting.findUnique({ where: { key: "undone" } }), null);
});
