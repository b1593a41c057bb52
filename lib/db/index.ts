// The one Prisma client of a process (web or worker). SQLite in WAL mode so both processes share the file.
import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "./generated/client";
import { serverEnv } from "../env";

export type Db = PrismaClient;
export type Tx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

export function sqlitePath(url: string): string {
  return path.resolve(url.replace(/^file:/, ""));
}

/**
 * How long a write waits for another connection's write lock before failing as busy. Web and worker write the same
 * file; each holds the lock for milliseconds, so a wait this long means something else holds it (a backup, the
 * sqlite3 shell, a migration). better-sqlite3 waits synchronously: the whole process stands still meanwhile (every
 * request of the web, the worker's timers and sockets), so the wait stays short. After it the web answers 503 with
 * Retry-After, and the worker's scheduler fires the refused slots again itself, so a longer wait in the worker would
 * only freeze it longer. It is kept under the scheduler's late tolerance (10 s), so a slot whose claim waited and
 * then went through still runs as itself.
 */
export const BUSY_TIMEOUT_MS = 5_000;

export function createDb(url: string): PrismaClient {
  const file = sqlitePath(url);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const adapter = new PrismaBetterSQLite3({ url: file, timeout: BUSY_TIMEOUT_MS });
  return new PrismaClient({ adapter });
}

const globalForDb = globalThis as unknown as { cadreDb?: PrismaClient };

export const db: PrismaClient = globalForDb.cadreDb ?? createDb(serverEnv().DATABASE_URL);
globalForDb.cadreDb = db;

/** Enables write-ahead logging (persistent in the file) and sane sync for WAL. */
export async function configureSqlite(client: PrismaClient = db): Promise<void> {
  await client.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await client.$queryRawUnsafe("PRAGMA synchronous = NORMAL");
}
