// A fresh database for one test file, migrated, on the database kind the run is for: CADRE_TEST_DATABASE=sqlite (a
// file in the test's folder; the default) or postgres (a database `cadre_t_…` on CADRE_TEST_POSTGRES_URL's server,
// dropped by scripts/test.ts after the run). Run as a script it creates one and prints its URL, so setupTestEnv()
// stays synchronous.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import path from "node:path";
import pg from "pg";

export const ROOT = path.resolve(import.meta.dirname, "..", "..");
export const TEST_DATABASE_PREFIX = "cadre_t_";

export type TestDatabaseKind = "sqlite" | "postgres";

export function testDatabaseKind(): TestDatabaseKind {
  const kind = process.env.CADRE_TEST_DATABASE ?? "sqlite";
  if (kind !== "sqlite" && kind !== "postgres")
    throw new Error(`CADRE_TEST_DATABASE must be sqlite or postgres, not ${kind}`);
  return kind;
}

export function postgresServerUrl(): string {
  return process.env.CADRE_TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
}

/** Applies the committed migrations (scripts/migrate.ts, as npm start does). */
export function migrate(databaseUrl: string): void {
  const res = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "scripts/migrate.ts")], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: "utf8",
  });
  if (res.status !== 0) throw new Error(`migration failed: ${res.stderr || res.stdout}`);
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Creates an empty PostgreSQL database for `label` and answers its URL. */
export async function createPostgresDatabase(label: string): Promise<string> {
  const name = `${TEST_DATABASE_PREFIX}${label
    .replace(/[^a-z0-9]/gi, "_")
    .toLowerCase()
    .slice(0, 30)}_${crypto.randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: postgresServerUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  return withDatabase(postgresServerUrl(), name);
}

/** Drops every test database on the server (those left by earlier runs too). Called by scripts/test.ts. @public */
export async function dropPostgresTestDatabases(): Promise<number> {
  const admin = new pg.Client({ connectionString: postgresServerUrl() });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [
      `${TEST_DATABASE_PREFIX}%`,
    ]);
    for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    return rows.length;
  } finally {
    await admin.end();
  }
}

/** A migrated database for a test file: a file URL under `dir`, or a new PostgreSQL database. */
export function createTestDatabase(label: string, dir: string): string {
  if (testDatabaseKind() === "sqlite") {
    const url = `file:${path.join(dir, "cadre.db")}`;
    migrate(url);
    return url;
  }
  const res = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "tests/support/database.ts"), label], {
    cwd: ROOT,
    env: process.env,
    encoding: "utf8",
  });
  if (res.status !== 0) throw new Error(`could not create a PostgreSQL test database: ${res.stderr || res.stdout}`);
  const url = res.stdout.trim().split("\n").pop()!;
  migrate(url);
  return url;
}

if (process.argv[1] === import.meta.filename) {
  console.log(await createPostgresDatabase(process.argv[2] ?? "test"));
}
