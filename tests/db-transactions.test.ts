// A transaction never takes unrelated work with it. On SQLite one connection serves the whole process: before it
// was given to one unit of work at a time, a statement from elsewhere that ran while a transaction was open joined
// it, and the transaction's rollback undid a write whose caller had been told it succeeded.

import assert from "node:assert/strict";
import test from "node:test";
import { setupTestEnv } from "./support/env";

setupTestEnv("db-transactions");
const { db, direct } = await import("@/lib/db");
const { Prisma } = await import("@/lib/db/client-types");

test("a write made while another transaction is open survives that transaction's rollback", async () => {
  await db.setting.create({ data: { key: "existing", value: "1" } });
  let entered!: () => void;
  const inTransaction = new Promise<void>((r) => (entered = r));
  let proceed!: () => void;
  const mayRollBack = new Promise<void>((r) => (proceed = r));

  const rolledBack = db
    .$transaction(async (tx) => {
      await tx.setting.create({ data: { key: "inside", value: "1" } });
      entered();
      await mayRollBack;
      throw new Error("roll back");
    })
    .catch((err: Error) => err.message);

  await inTransaction;
  // Sent while the transaction is open; resolved as committed to its caller.
  const unrelated = Promise.all([
    db.setting.create({ data: { key: "unrelated", value: "1" } }),
    db.$executeRaw`INSERT INTO "Setting" ("key", "value", "updatedAt") VALUES ('unrelated-raw', '1', ${new Date()})`,
    db.setting.updateMany({ where: { key: "existing" }, data: { value: "changed" } }),
    // Plain SQL (lib/db/sql.ts) shares the client's connection and its one-unit-at-a-time queue.
    direct.execute(
      Prisma.sql`INSERT INTO "Setting" ("key", "value", "updatedAt") VALUES ('unrelated-plain', '1', ${new Date()})`,
    ),
  ]);
  await new Promise((r) => setImmediate(r));
  proceed();
  assert.equal(await rolledBack, "roll back");
  await unrelated;

  assert.equal(
    await db.setting.findUnique({ where: { key: "inside" } }),
    null,
    "the transaction's own write is undone",
  );
  assert.ok(await db.setting.findUnique({ where: { key: "unrelated" } }), "the unrelated create is kept");
  assert.ok(await db.setting.findUnique({ where: { key: "unrelated-raw" } }), "the unrelated raw insert is kept");
  assert.ok(
    await db.setting.findUnique({ where: { key: "unrelated-plain" } }),
    "the unrelated plain-SQL insert is kept",
  );
  assert.equal(
    (await db.setting.findUnique({ where: { key: "existing" } }))?.value,
    "changed",
    "the unrelated update is kept",
  );
});

test("transactions and statements from many callers at once all complete, in full or not at all", async () => {
  const work = Array.from({ length: 40 }, (_, i) =>
    i % 4 === 0
      ? db
          .$transaction(async (tx) => {
            await tx.setting.create({ data: { key: `tx-${i}-a`, value: "1" } });
            if (i % 8 === 0) throw new Error("abort");
            await tx.setting.create({ data: { key: `tx-${i}-b`, value: "1" } });
          })
          .catch(() => "aborted")
      : db.setting.create({ data: { key: `plain-${i}`, value: "1" } }),
  );
  await Promise.all(work);
  const keys = new Set((await db.setting.findMany({ select: { key: true } })).map((s) => s.key));
  for (let i = 0; i < 40; i++) {
    if (i % 4 !== 0) assert.ok(keys.has(`plain-${i}`), `plain-${i}`);
    else if (i % 8 === 0) assert.ok(!keys.has(`tx-${i}-a`) && !keys.has(`tx-${i}-b`), `tx-${i} rolled back whole`);
    else assert.ok(keys.has(`tx-${i}-a`) && keys.has(`tx-${i}-b`), `tx-${i} committed whole`);
  }
});
