// PostgreSQL: the processes tailing the outbox are woken (NOTIFY) once the events they are woken for are committed,
// by whatever appended them — an interactive transaction, a batch transaction or a lone statement — and not by a
// transaction that rolled back. (SQLite has no wake-up: its tails poll the local file.)
import assert from "node:assert/strict";
import { after, test } from "node:test";
import pg from "pg";
import { testDatabaseKind } from "./support/database";
import { setupTestEnv, teardownTestEnv } from "./support/env";

if (testDatabaseKind() !== "postgres") {
  test.skip("outbox wake-ups: PostgreSQL only (run with CADRE_TEST_DATABASE=postgres)", () => {});
} else {
  const env = setupTestEnv("outbox-wake");
  const { db } = await import("@/lib/db");
  const { appendEvents, changeWithEvent, withEvents } = await import("@/lib/events/outbox");
  const { Prisma } = await import("@/lib/db/client-types");
  const { direct } = await import("@/lib/db");
  const { EVENTS_CHANNEL } = await import("@/lib/db/dialect/types");

  // A listener on a connection of its own, as a worker's feed has; each wake-up reads what is committed at that moment.
  const listener = new pg.Client({ connectionString: env.databaseUrl });
  const reader = new pg.Client({ connectionString: env.databaseUrl });
  await listener.connect();
  await reader.connect();
  await listener.query(`LISTEN ${EVENTS_CHANNEL}`);
  const wakes: { seen: string[] }[] = [];
  let waiting: (() => void) | null = null;
  listener.on("notification", () => {
    // What a tail would read when woken: the events committed by then.
    void reader.query(`SELECT "payload" FROM "Event" ORDER BY "id"`).then((r) => {
      wakes.push({ seen: r.rows.map((row) => JSON.parse(row.payload).userId) });
      waiting?.();
    });
  });
  const nextWake = () =>
    new Promise<{ seen: string[] }>((resolve) => {
      const have = wakes.length;
      waiting = () => {
        if (wakes.length > have) {
          waiting = null;
          resolve(wakes[wakes.length - 1]);
        }
      };
    });

  after(async () => {
    await listener.end();
    await reader.end();
    await teardownTestEnv();
  });

  // An event that only workers act on, its marker in the user id.
  // A wake-up that never comes fails the test instead of holding it (generous: a wake-up takes milliseconds).
  const WAKE_WAIT = { timeout: 60_000 };

  const event = (text: string) => ({
    name: "access_changed" as const,
    payload: { v: 1, at: new Date().toISOString(), userId: text },
    rooms: [],
  });

  test(
    "a transaction that appends events wakes the listeners after it has committed, with its events readable",
    WAKE_WAIT,
    async () => {
      let proceed!: () => void;
      const mayCommit = new Promise<void>((resolve) => (proceed = resolve));
      let appended!: () => void;
      const inside = new Promise<void>((resolve) => (appended = resolve));
      const woken = nextWake();
      const tx = db.$transaction(async (t) => {
        await appendEvents(t, [event("interactive")]);
        appended();
        await mayCommit;
      });
      await inside;
      // Not yet committed: a wake-up now would find nothing to read.
      assert.equal(wakes.length, 0);
      proceed();
      await tx;
      assert.ok((await woken).seen.includes("interactive"), "the wake-up came after the commit");
    },
  );

  test(
    "a batch transaction, a lone statement and a change with its event wake the listeners too",
    WAKE_WAIT,
    async () => {
      const afterBatch = nextWake();
      await withEvents([db.setting.create({ data: { key: "k", value: "v" } })], [event("batch")]);
      assert.ok((await afterBatch).seen.includes("batch"));
      const afterLone = nextWake();
      await appendEvents(db, [event("lone")]);
      assert.ok((await afterLone).seen.includes("lone"));
      // A change with its event in one statement (the event's INSERT in a CTE).
      const afterChange = nextWake();
      await changeWithEvent(
        direct,
        Prisma.sql`UPDATE "Setting" SET "value" = 'w' WHERE "key" = 'k' RETURNING *`,
        event("change"),
      );
      assert.ok((await afterChange).seen.includes("change"));
    },
  );

  test(
    "a transaction that rolls back wakes no one; the next commit's wake-up does not show its events",
    WAKE_WAIT,
    async () => {
      await assert.rejects(
        db.$transaction(async (t) => {
          await appendEvents(t, [event("rolled back")]);
          throw new Error("roll back");
        }),
        /roll back/,
      );
      const woken = nextWake();
      const before = wakes.length;
      await appendEvents(db, [event("after the rollback")]);
      const wake = await woken;
      assert.equal(wakes.length, before + 1, "one wake-up, for the commit");
      assert.ok(wake.seen.includes("after the rollback"));
      assert.ok(!wake.seen.includes("rolled back"));
    },
  );
}
