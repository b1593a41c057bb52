// Test environment: a fresh database (SQLite file or PostgreSQL database, see ./database.ts) with the committed
// migrations applied, and the configuration the code under test reads. Call setupTestEnv() before importing
// anything from lib/ that runs at import.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseConfig, useConfig } from "@/lib/config";
import { closeDatabase, useDatabase } from "@/lib/db";
import { createTestDatabase } from "./database";

export { migrate, ROOT } from "./database";

export interface TestEnv {
  dir: string;
  databaseUrl: string;
  internalSecret: string;
  authSecret: string;
}

/** Sets variables (undefined removes one) and parses the configuration again, as an entry point would. */
export function setTestEnv(vars: Record<string, string | undefined>): void {
  for (const [name, value] of Object.entries(vars)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  const config = parseConfig(process.env);
  useConfig(config);
  useDatabase(config.database);
}

export function setupTestEnv(name: string, extra: Record<string, string> = {}): TestEnv {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `cadre-${name}-`));
  const databaseUrl = createTestDatabase(name, dir);
  const env: TestEnv = {
    dir,
    databaseUrl,
    internalSecret: crypto.randomBytes(24).toString("hex"),
    authSecret: crypto.randomBytes(24).toString("hex"),
  };
  setTestEnv({
    NODE_ENV: "test",
    DATABASE_URL: databaseUrl,
    CADRE_DATA_DIR: dir,
    CADRE_INTERNAL_SECRET: env.internalSecret,
    BETTER_AUTH_SECRET: env.authSecret,
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
    ...extra,
  });
  return env;
}

/** Closes the test's database connections (PostgreSQL keeps a pool open otherwise). */
export async function teardownTestEnv(): Promise<void> {
  await closeDatabase();
}
