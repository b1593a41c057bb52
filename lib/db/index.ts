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

export function createDb(url: string): PrismaClient {
  const file = sqlitePath(url);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // busy timeout: web and worker write the same file; a writer waits for the other instead of failing.
  const adapter = new PrismaBetterSQLite3({ url: file, timeout: 15_000 });
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
