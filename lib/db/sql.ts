// Plain SQL on the process's connection, below the Prisma client: for the few statements every task makes (queue,
// claim, record), where the client's own work — planning a model query, its interactive transaction's bookkeeping —
// costs a millisecond or two of CPU a statement against tens of microseconds for the statement itself.
//
// It runs on the client's connection — SQLite: its driver adapter, the one connection through its one-unit-at-a-time
// queue (here); PostgreSQL: the same pool, with prepared statements and the wake-up after commit (./sql-postgres.ts) —
// takes the same `Prisma.sql` fragments as $queryRaw, and answers rows as objects with the same JavaScript values the
// client gives: DateTime columns as Date, integers and floats as numbers, booleans as booleans. A transaction here is
// begun, committed and rolled back as the client's are (SQLite: BEGIN IMMEDIATE).
import {
  type ColumnType,
  ColumnTypeEnum,
  type SqlDriverAdapter,
  type SqlQuery,
  type SqlQueryable,
  type SqlResultSet,
} from "@prisma/driver-adapter-utils";
import type { Prisma, Tx } from "./client-types";

export interface StatementOptions {
  /**
   * PostgreSQL: prepare the statement once per connection and reuse its plan, which halves the server's work for a
   * short statement. Only for statements whose text never varies (no IN list of varying length): each text stays
   * prepared on every connection that ran it. Ignored on SQLite.
   */
  prepare?: boolean;
}

export interface Sql {
  /** The statement's rows, each an object by column name. */
  query<T = Record<string, unknown>>(statement: Prisma.Sql, options?: StatementOptions): Promise<T[]>;
  /** Runs the statement; answers how many rows it changed. */
  execute(statement: Prisma.Sql, options?: StatementOptions): Promise<number>;
}

export interface SqlDatabase extends Sql {
  /** Runs `fn` in a transaction: committed when it resolves, rolled back when it throws. Keep it to database work. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
}

function toQuery(statement: Prisma.Sql): SqlQuery {
  return {
    // Prisma.Sql renders both placeholder styles: `?` (sql) for SQLite, `$1` (text) for PostgreSQL.
    sql: statement.sql,
    args: statement.values,
    argTypes: statement.values.map(() => ({ scalarType: "unknown", arity: "scalar" })),
  };
}

/** A time of day followed by a zone: "Z", "+02", "-05:30" (a date alone, "2026-12-01", has none). */
const HAS_ZONE = /\d\d:\d\d(:\d\d(\.\d+)?)?([zZ]|[+-]\d\d(:?\d\d)?)$/;

/** A column's value as the Prisma client gives it, from what the driver read. */
function convert(value: unknown, type: ColumnType): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case ColumnTypeEnum.Int32:
    case ColumnTypeEnum.Int64:
    case ColumnTypeEnum.Float:
    case ColumnTypeEnum.Double:
    case ColumnTypeEnum.Numeric:
      return typeof value === "number" ? value : Number(value);
    case ColumnTypeEnum.Boolean:
      return value === true || value === 1 || value === "1" || value === "t" || value === "true";
    case ColumnTypeEnum.DateTime:
    case ColumnTypeEnum.Date:
      return value instanceof Date
        ? value
        : new Date(typeof value === "string" && !HAS_ZONE.test(value) ? `${value}Z` : (value as string));
    default:
      return value;
  }
}

export function rowsOf<T>(result: SqlResultSet): T[] {
  const { columnNames, columnTypes } = result;
  return result.rows.map((row) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < columnNames.length; i++) out[columnNames[i]] = convert(row[i], columnTypes[i]);
    return out as T;
  });
}

function on(queryable: SqlQueryable): Sql {
  return {
    query: async <T>(statement: Prisma.Sql) => rowsOf<T>(await queryable.queryRaw(toQuery(statement))),
    execute: (statement) => queryable.executeRaw(toQuery(statement)),
  };
}

const statement = (sql: string): SqlQuery => ({ sql, args: [], argTypes: [] });

/** Plain SQL on SQLite, on `connect()`'s adapter: the one the process's Prisma client uses. */
export function sqliteSql(connect: () => Promise<SqlDriverAdapter>): SqlDatabase {
  return {
    query: async <T>(q: Prisma.Sql) => on(await connect()).query<T>(q),
    execute: async (q) => on(await connect()).execute(q),
    async transaction(fn) {
      const tx = await (await connect()).startTransaction();
      let committed = false;
      try {
        const result = await fn(on(tx));
        // As the client does: COMMIT as a statement, then commit() hands the connection back.
        await tx.executeRaw(statement("COMMIT"));
        committed = true;
        await tx.commit();
        return result;
      } catch (err) {
        if (!committed) {
          await tx.executeRaw(statement("ROLLBACK")).catch(() => undefined);
          await tx.rollback().catch(() => undefined);
        }
        throw err;
      }
    },
  };
}

const isSql = (on: Sql | Tx): on is Sql => typeof (on as Sql).query === "function";

/** A statement's rows, on plain SQL or in a Prisma transaction: for code both call (the values are the same). */
export function queryOn<T>(on: Sql | Tx, statement: Prisma.Sql): Promise<T[]> {
  return isSql(on) ? on.query<T>(statement) : on.$queryRaw<T[]>(statement);
}

/** Runs a statement on plain SQL or in a Prisma transaction; answers how many rows it changed. */
export function executeOn(on: Sql | Tx, statement: Prisma.Sql): Promise<number> {
  return isSql(on) ? on.execute(statement) : on.$executeRaw(statement);
}
