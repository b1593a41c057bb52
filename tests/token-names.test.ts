// A person's API tokens have distinct names: a second token with a name they already use is refused with 409 naming
// the field, nothing is written, and other people may use the same name. The migration that adds the unique index
// first renames the duplicates an earlier version let people make, on the database kind of this run.

import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import test from "node:test";
import Database from "better-sqlite3";
import pg from "pg";
import { createPostgresDatabase, testDatabaseKind } from "./support/database";
import { ROOT, setupTestEnv } from "./support/env";

setupTestEnv("token-names");
const { call } = await import("./support/http");
const { createTestUser } = await import("./support/users");
const { db } = await import("@/lib/db");
const { migratePostgres } = await import("@/lib/db/migrate-postgres");
const tokensRoute = await import("@/app/api/tokens/route");

const MIGRATION = "20261201103000_api_token_unique_names";

const create = (token: string, name: string) => call(tokensRoute, "POST", "/api/tokens", { token, body: { name } });

test("a second token with a name the person already uses is refused with 409 naming the field; nothing is written", async () => {
  const person = await createTestUser("user");
  const first = await create(person.token, "ci");
  assert.equal(first.status, 201, JSON.stringify(first.body));

  for (const name of ["ci", "  ci "]) {
    const again = await create(person.token, name);
    assert.equal(again.status, 409, JSON.stringify(again.body));
    assert.equal(again.body.error.code, "conflict");
    assert.match(again.body.error.message, /already have a token named "ci"/);
    assert.deepEqual(again.body.error.details, [{ field: "name", message: "You already have a token with this name" }]);
    assert.equal(again.body.token, undefined, "no token is handed out");
  }
  assert.equal(await db.apiToken.count({ where: { userId: person.id, name: "ci" } }), 1);

  // Names differ by any character, case included; other people's names are theirs.
  assert.equal((await create(person.token, "CI")).status, 201);
  const other = await createTestUser("user");
  assert.equal((await create(other.token, "ci")).status, 201);
  // A revoked token's name is free again.
  const { tokens } = (await call(tokensRoute, "GET", "/api/tokens", { token: person.token })).body;
  const revokeRoute = await import("@/app/api/tokens/[id]/route");
  const ci = tokens.find((t: { name: string }) => t.name === "ci");
  assert.equal((await call(revokeRoute, "DELETE", "/", { token: person.token, params: { id: ci.id } })).status, 200);
  assert.equal((await create(person.token, "ci")).status, 201);
});

test("tokens created at once with one name: exactly one is made", async () => {
  const person = await createTestUser("user");
  const answers = await Promise.all(Array.from({ length: 5 }, () => create(person.token, "burst")));
  assert.deepEqual(answers.map((a) => a.status).sort(), [201, 409, 409, 409, 409]);
  assert.equal(await db.apiToken.count({ where: { userId: person.id, name: "burst" } }), 1);
});

// ---- the migration ------------------------------------------------------------------------------------------------

interface Raw {
  run(sql: string, params?: unknown[]): Promise<void>;
  names(): Promise<Record<string, string>>;
  /** applies the migration under test (and only it) */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

/** The migrations before the one under test, by folder name. */
function earlierMigrations(kind: "sqlite" | "postgres"): string[] {
  const folder = path.join(ROOT, "prisma", kind, "migrations");
  const names = fs
    .readdirSync(folder, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  assert.ok(names.includes(MIGRATION));
  return names.filter((n) => n < MIGRATION);
}

const sqlOf = (kind: string, name: string) =>
  fs.readFileSync(path.join(ROOT, "prisma", kind, "migrations", name, "migration.sql"), "utf8");

/** A SQLite file at the level before the migration, built from the committed migration files. */
async function sqliteBefore(): Promise<Raw> {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cadre-token-names-")), "before.db");
  const raw = new Database(file);
  for (const name of earlierMigrations("sqlite")) raw.exec(sqlOf("sqlite", name));
  return {
    run: async (sql, params = []) => void raw.prepare(sql.replace(/\$\d+/g, "?")).run(...params),
    names: async () =>
      Object.fromEntries(
        raw
          .prepare(`SELECT "id", "name" FROM "ApiToken"`)
          .all()
          .map((r: any) => [r.id, r.name]),
      ),
    migrate: async () => {
      raw.exec(sqlOf("sqlite", MIGRATION));
    },
    close: async () => {
      raw.close();
    },
  };
}

/** A PostgreSQL database at the level before the migration, migrated the way `npm run migrate` does. */
async function postgresBefore(): Promise<Raw> {
  const url = await createPostgresDatabase("token_names_migration");
  const earlier = fs.mkdtempSync(path.join(os.tmpdir(), "cadre-token-names-migrations-"));
  for (const name of earlierMigrations("postgres")) {
    fs.cpSync(path.join(ROOT, "prisma", "postgres", "migrations", name), path.join(earlier, name), { recursive: true });
  }
  await migratePostgres(url, earlier);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    run: async (sql, params = []) => void (await client.query(sql, params)),
    names: async () =>
      Object.fromEntries((await client.query(`SELECT "id", "name" FROM "ApiToken"`)).rows.map((r) => [r.id, r.name])),
    migrate: async () => {
      const result = await migratePostgres(url, path.join(ROOT, "prisma", "postgres", "migrations"));
      // This migration first, then any made after it.
      assert.equal(result.applied[0], MIGRATION);
    },
    close: () => client.end(),
  };
}

test(`migration ${MIGRATION} renames a person's duplicate token names, oldest first, then makes names unique`, async () => {
  const raw = testDatabaseKind() === "sqlite" ? await sqliteBefore() : await postgresBefore();
  try {
    for (const id of ["ada", "bob"]) {
      await raw.run(`INSERT INTO "User" ("id", "name", "email", "updatedAt") VALUES ($1, $2, $3, $4)`, [
        id,
        id,
        `${id}@example.com`,
        "2026-11-01T00:00:00.000Z",
      ]);
    }
    let n = 0;
    const token = (id: string, userId: string, name: string, createdAt: string) =>
      raw.run(
        `INSERT INTO "ApiToken" ("id", "name", "prefix", "tokenHash", "userId", "createdAt") VALUES ($1, $2, $3, $4, $5, $6)`,
        [id, name, "cad_xxxxxx", `hash-${++n}`, userId, createdAt],
      );
    await token("t-ci-3", "ada", "ci", "2026-11-03T00:00:00.000Z");
    await token("t-ci-1", "ada", "ci", "2026-11-01T00:00:00.000Z");
    await token("t-ci-2", "ada", "ci", "2026-11-02T00:00:00.000Z");
    // Already one of ada's names: the second "ci" cannot become "ci (2)", so its id goes in the brackets.
    await token("t-ci-paren", "ada", "ci (2)", "2026-11-05T00:00:00.000Z");
    // Made in the same instant: the id decides which is older.
    await token("t-deploy-b", "ada", "deploy", "2026-11-04T00:00:00.000Z");
    await token("t-deploy-a", "ada", "deploy", "2026-11-04T00:00:00.000Z");
    await token("t-laptop", "ada", "laptop", "2026-11-04T00:00:00.000Z");
    await token("t-bob-ci", "bob", "ci", "2026-11-02T00:00:00.000Z");

    await raw.migrate();

    assert.deepEqual(await raw.names(), {
      "t-ci-1": "ci",
      "t-ci-2": "ci (t-ci-2)",
      "t-ci-3": "ci (3)",
      "t-ci-paren": "ci (2)",
      "t-deploy-a": "deploy",
      "t-deploy-b": "deploy (2)",
      "t-laptop": "laptop",
      "t-bob-ci": "ci",
    });
    await assert.rejects(
      token("t-ci-4", "ada", "ci", "2026-11-06T00:00:00.000Z"),
      /unique/i,
      "the unique index is in place",
    );
    await token("t-bob-laptop", "bob", "laptop", "2026-11-06T00:00:00.000Z");
  } finally {
    await raw.close();
  }
});
