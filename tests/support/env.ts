// Test environment: a fresh SQLite file with the committed migrations applied, and the env the web code reads.
// Call setupTestEnv() before importing anything from lib/ (lib/db reads DATABASE_URL when first imported).
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "..", "..");

export interface TestEnv {
  dir: string;
  databaseUrl: string;
  internalSecret: string;
  authSecret: string;
}

export function migrate(databaseUrl: string): void {
  const res = spawnSync(process.execPath, [path.join(ROOT, "node_modules/prisma/build/index.js"), "migrate", "deploy"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: "utf8",
  });
  if (res.status !== 0) throw new Error(`prisma migrate deploy failed: ${res.stderr || res.stdout}`);
}

export function setupTestEnv(name: string, extra: Record<string, string> = {}): TestEnv {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `cadre-${name}-`));
  const databaseUrl = `file:${path.join(dir, "cadre.db")}`;
  migrate(databaseUrl);
  const env: TestEnv = {
    dir,
    databaseUrl,
    internalSecret: crypto.randomBytes(24).toString("hex"),
    authSecret: crypto.randomBytes(24).toString("hex"),
  };
  Object.assign(process.env, {
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
