// Plain SQL (./sql.ts) on PostgreSQL: on the pool the Prisma client uses, through the pg driver itself. The hot
// statements are prepared once per connection (a short statement's parse and plan are half the server's work for
// it), values are read as text and converted as the client converts them (ColumnType by the column's type), and a
// statement or transaction that appended events wakes the outbox's listeners once it has committed (./pg-wake.ts).
import crypto from "node:crypto";
import { type ColumnType, ColumnTypeEnum } from "@prisma/driver-adapter-utils";
import type pg from "pg";
import type { Prisma } from "./client-types";
import { appendsEvents } from "./pg-wake";
import { rowsOf, type Sql, type SqlDatabase, type StatementOptions } from "./sql";

/** The column types whose values are not kept as the text PostgreSQL sends (by type OID). */
const COLUMN_TYPES: Record<number, ColumnType> = {
  16: ColumnTypeEnum.Boolean,
  20: ColumnTypeEnum.Int64,
  21: ColumnTypeEnum.Int32,
  23: ColumnTypeEnum.Int32,
  700: ColumnTypeEnum.Float,
  701: ColumnTypeEnum.Double,
  1700: ColumnTypeEnum.Numeric,
  1082: ColumnTypeEnum.Date,
  1114: ColumnTypeEnum.DateTime,
  1184: ColumnTypeEnum.DateTime,
};

/** Every value as the text the server sent; `convert` makes it what the client would give. */
const AS_TEXT = { getTypeParser: () => (text: string) => text };

/** A bound value: dates as ISO text in UTC (the timestamp columns are UTC, without a zone), big integers as text. */
function bound(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "bigint") return value.toString();
  return value;
}

/** Prepared statements' names, by text: the same text has the same name on every connection. */
const names = new Map<string, string>();

function nameFor(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `cadre_${crypto.createHash("sha1").update(text).digest("hex").slice(0, 20)}`;
    names.set(text, name);
  }
  return name;
}

type Runner = Pick<pg.Pool, "query"> | Pick<pg.PoolClient, "query">;

async function run(
  on: Runner,
  statement: Prisma.Sql,
  options: StatementOptions | undefined,
): Promise<pg.QueryArrayResult> {
  const text = statement.text;
  return on.query({
    text,
    values: statement.values.map(bound),
    rowMode: "array",
    types: AS_TEXT,
    ...(options?.prepare ? { name: nameFor(text) } : {}),
  });
}

function rows<T>(result: pg.QueryArrayResult): T[] {
  return rowsOf<T>({
    columnNames: result.fields.map((f) => f.name),
    columnTypes: result.fields.map((f) => COLUMN_TYPES[f.dataTypeID] ?? ColumnTypeEnum.Text),
    rows: result.rows,
  });
}

/** Plain SQL on `pool`; `wake` tells the outbox's listeners that events were committed. */
export function postgresSql(pool: pg.Pool, wake: () => void): SqlDatabase {
  const lone = async (statement: Prisma.Sql, options: StatementOptions | undefined) => {
    const result = await run(pool, statement, options);
    if (appendsEvents(statement.text)) wake();
    return result;
  };
  return {
    query: async <T>(statement: Prisma.Sql, options?: StatementOptions) => rows<T>(await lone(statement, options)),
    execute: async (statement, options) => (await lone(statement, options)).rowCount ?? 0,
    async transaction(fn) {
      const client = await pool.connect();
      let appended = false;
      const note = (statement: Prisma.Sql) => {
        if (appendsEvents(statement.text)) appended = true;
        return statement;
      };
      const tx: Sql = {
        query: async <T>(statement: Prisma.Sql, options?: StatementOptions) =>
          rows<T>(await run(client, note(statement), options)),
        execute: async (statement, options) => (await run(client, note(statement), options)).rowCount ?? 0,
      };
      try {
        await client.query("BEGIN");
        const result = await fn(tx);
        await client.query("COMMIT");
        client.release();
        if (appended) wake();
        return result;
      } catch (err) {
        // A connection that cannot even roll back is closed rather than handed to the next caller.
        const broken = await client.query("ROLLBACK").then(
          () => false,
          () => true,
        );
        client.release(broken ? (err instanceof Error ? err : new Error(String(err))) : undefined);
        throw err;
      }
    },
  };
}
