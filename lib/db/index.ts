// The database of a process: one Prisma client (SQLite file or PostgreSQL pool) and its dialect. Importing this
// opens nothing: a process's entry point calls useDatabase() with its configuration, and the client is made on
// first use. The state lives on globalThis so every bundle of the Next.js server shares the one client.
import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import type { Db, Prisma, Tx } from "./client-types";
import { postgres } from "./dialect/postgres";
import { sqlite } from "./dialect/sqlite";
import type { Dialect } from "./dialect/types";
import { PrismaClient as PostgresClient } from "./generated/postgres/client";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client";
import { NOTIFY_SQL, wakeListenersAfterCommit, waker } from "./pg-wake";
import { type SqlDatabase, type StatementOptions, sqliteSql } from "./sql";
import { postgresSql } from "./sql-postgres";
import { serializedSqlite } from "./sqlite-adapter";
import { isPostgresUrl, sqlitePath } from "./url";

export type { Db, Tx } from "./client-types";
export type { Dialect } from "./dialect/types";
export type { Sql, SqlDatabase, StatementOptions } from "./sql";
export { executeOn, queryOn } from "./sql";
export { isPostgresUrl, sqlitePath } from "./url";

export interface DatabaseConfig {
  /** `file:<path>` for SQLite, `postgres://…` for PostgreSQL */
  url: string;
  /**
   * How long a statement waits for a lock another connection holds. SQLite: the write lock (better-sqlite3 waits
   * synchronously — the whole process stands still meanwhile — so this stays short). PostgreSQL: the session's
   * lock_timeout. Either way the refused statement answers 503 or is tried again instead of hanging.
   */
  busyTimeoutMs?: number;
  /** PostgreSQL: connections in this process's pool */
  poolSize?: number;
}

interface DatabaseState {
  config?: DatabaseConfig;
  /** the client and plain SQL on its connection (./sql), once first used */
  opened?: Opened;
  dialect?: Dialect;
  /** when a statement of this process last met another connection's lock (SQLite) */
  lastBusyAt?: number;
}

const globalForDatabase = globalThis as unknown as { cadreDatabase?: DatabaseState };
globalForDatabase.cadreDatabase ??= {};
const state: DatabaseState = globalForDatabase.cadreDatabase;

export function dialectFor(url: string): Dialect {
  return isPostgresUrl(url) ? postgres : sqlite;
}

/**
 * SQLite: the factory's one connection, shared by the Prisma client and plain SQL (./sql) until the client disposes
 * of it; a connect after that opens a new one.
 */
function shareConnection(factory: SqlDriverAdapterFactory): {
  factory: SqlDriverAdapterFactory;
  connect: () => Promise<SqlDriverAdapter>;
} {
  let connected: Promise<SqlDriverAdapter> | undefined;
  const connect = () =>
    (connected ??= factory.connect().then((adapter) => {
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = () => {
        connected = undefined;
        return dispose();
      };
      return adapter;
    }));
  return { factory: { provider: factory.provider, adapterName: factory.adapterName, connect }, connect };
}

/** A client for `config`, and plain SQL on its connection. */
interface Opened {
  client: Db;
  direct: SqlDatabase;
  /** disconnects the client and closes what plain SQL holds */
  close(): Promise<void>;
}

function createDatabase(config: DatabaseConfig | string): Opened {
  const { url, busyTimeoutMs = 5_000, poolSize = 10 } = typeof config === "string" ? { url: config } : config;
  if (isPostgresUrl(url)) {
    // One pool for the client and plain SQL: the client's disconnect ends it, or close() if the client never connected.
    const pool = new pg.Pool({
      connectionString: url,
      max: poolSize,
      options: `-c lock_timeout=${Math.round(busyTimeoutMs)}`,
    });
    const wake = waker(() => pool.query({ name: "cadre_notify", text: NOTIFY_SQL }));
    const factory = wakeListenersAfterCommit(new PrismaPg(pool, { disposeExternalPool: true }), wake);
    const client = new PostgresClient({ adapter: factory }) as unknown as Db;
    const close = async () => {
      await client.$disconnect();
      if (!pool.ended) await pool.end();
    };
    return { client, direct: postgresSql(pool, wake), close };
  }
  const file = sqlitePath(url);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const onBusy = () => (state.lastBusyAt = Date.now());
  const { factory, connect } = shareConnection(
    serializedSqlite(new PrismaBetterSQLite3({ url: file, timeout: busyTimeoutMs }), onBusy),
  );
  const client = new SqliteClient({ adapter: factory });
  return { client, direct: sqliteSql(connect), close: () => client.$disconnect() };
}

/** A new client for `config` (tests and tools that need a second one; processes use `db`). */
export function createDb(config: DatabaseConfig | string): Db {
  return createDatabase(config).client;
}

/** Sets the database this process uses; called once by the entry point (web server, worker, script, test). */
export function useDatabase(config: DatabaseConfig): void {
  if (state.config && state.config.url !== config.url && state.opened) {
    throw new Error("this process already uses another database");
  }
  state.config = config;
  state.dialect = dialectFor(config.url);
}

function opened(): Opened {
  if (state.opened) return state.opened;
  if (!state.config) throw new Error("no database configured: the process's entry point must call useDatabase()");
  state.opened = createDatabase(state.config);
  return state.opened;
}

const current = (): Db => opened().client;

/** The process's client, made on first use. */
export const db: Db = new Proxy({} as Db, {
  get(_target, prop) {
    const client = current();
    const value = Reflect.get(client, prop, client);
    return typeof value === "function" ? value.bind(client) : value;
  },
});

/** Plain SQL on the process's connection (./sql): for the statements every task makes. */
export const direct: SqlDatabase = {
  query: <T>(statement: Prisma.Sql, options?: StatementOptions) => opened().direct.query<T>(statement, options),
  execute: (statement, options) => opened().direct.execute(statement, options),
  transaction: (fn) => opened().direct.transaction(fn),
};

/**
 * When a statement of this process last waited out another connection's lock on SQLite and was refused (ms), or null.
 * better-sqlite3 waits synchronously, so every part of the process stood still meanwhile.
 */
export function lastBusyAt(): number | null {
  return state.lastBusyAt ?? null;
}

/** The dialect of the process's database. */
export function dialect(): Dialect {
  if (!state.dialect) throw new Error("no database configured: the process's entry point must call useDatabase()");
  return state.dialect;
}

/** Applies the dialect's connection settings (SQLite: WAL); once per process, at start. */
export async function configureDatabase(): Promise<void> {
  await dialect().configure(current());
}

/** Closes the client and plain SQL's connections; the next use opens new ones. */
export async function closeDatabase(): Promise<void> {
  const opened = state.opened;
  state.opened = undefined;
  await opened?.close();
}

/**
 * Runs `fn` in a transaction: a new one on the process's client, or the caller's when it passes one in. Keep it to
 * database work — on SQLite the transaction has the process's connection to itself until it ends.
 */
export function transact<T>(tx: Tx, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return tx === db ? db.$transaction(fn) : fn(tx);
}
