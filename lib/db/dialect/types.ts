// What differs between SQLite and PostgreSQL, behind one interface: domain code asks the dialect (error kinds,
// connection settings, the statements that cannot be written once for both) and never writes `?` or `$1` itself.
import type { Db, Execution, Prisma } from "@/lib/db/client-types";
import type { Sql, SqlDatabase, StatementOptions } from "@/lib/db/sql";
import type { ClaimRequest } from "./claims";

export type { ClaimRequest } from "./claims";

export type DialectName = "sqlite" | "postgresql";

export interface Dialect {
  name: DialectName;
  /** connection settings applied once when a process opens the database (SQLite: WAL, synchronous) */
  configure(db: Db): Promise<void>;
  /** another connection holds a lock, or a transaction lost a serialization race: safe to try again shortly */
  isBusy(err: unknown): boolean;
  /** a unique index refused the row */
  isUniqueViolation(err: unknown): boolean;
  /** the larger / smaller of SQL values (SQLite's scalar max()/min(), PostgreSQL's GREATEST/LEAST) */
  greatest(...values: Prisma.Sql[]): Prisma.Sql;
  /**
   * Appended to a SELECT inside a transaction to lock the rows it reads until the transaction ends (PostgreSQL's FOR
   * UPDATE); nothing on SQLite, where a write transaction already excludes every other writer.
   */
  forUpdate: Prisma.Sql;
  /**
   * Like forUpdate, but it lets rows that reference the locked one be inserted meanwhile (PostgreSQL's FOR NO KEY
   * UPDATE, which a foreign key's check does not wait for); nothing on SQLite.
   */
  forNoKeyUpdate: Prisma.Sql;
  /**
   * Appended to a subquery that picks rows for a bulk write: rows another connection holds locked are passed over
   * (PostgreSQL's FOR UPDATE SKIP LOCKED), so several workers doing the same cleanup do not queue behind each other;
   * nothing on SQLite (one writer at a time).
   */
  skipLocked: Prisma.Sql;
  least(...values: Prisma.Sql[]): Prisma.Sql;
  /**
   * `column` holds `text` anywhere, in any case, its % and _ taken literally: SQLite's LIKE (case-blind for ASCII
   * letters only), PostgreSQL's ILIKE.
   */
  containsText(column: Prisma.Sql, text: string): Prisma.Sql;
  /**
   * Calls `onWake` when another process appended events (PostgreSQL LISTEN on its own connection); null where
   * tailing processes poll instead (SQLite: the file is local, a read of the newest id costs microseconds).
   */
  listenForEvents(url: string, onWake: () => void, onError: (err: unknown) => void): EventListener | null;
  /**
   * A runner's claim, inside the caller's plain-SQL transaction (lib/db/sql.ts): the queued executions it may start now (lib/db/dialect/claims.ts
   * says which) become running under its lease, never more for an agent than its concurrency limit across all runners.
   * Answers the rows claimed, as they are now.
   */
  claimExecutions(tx: Sql, req: ClaimRequest): Promise<Execution[]>;
  /**
   * Runs `change` — an INSERT or UPDATE of at most one row, ending in `RETURNING` — and, only when it wrote that
   * row, inserts one more row with it, all or nothing. PostgreSQL runs both as one statement (the change as a CTE),
   * without a transaction's three round trips; SQLite runs them in a transaction. Answers the change's rows.
   */
  writeWithRow<T>(db: SqlDatabase, change: Prisma.Sql, insert: RowInsert, options?: StatementOptions): Promise<T[]>;
}

/** One row to insert: the INSERT's head (`INSERT INTO "T" ("a", "b")`) and the row's values in its columns' order. */
export interface RowInsert {
  into: Prisma.Sql;
  values: Prisma.Sql[];
}

export interface EventListener {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The channel PostgreSQL's NOTIFY wakes outbox tails on. */
export const EVENTS_CHANNEL = "cadre_events";

interface Coded {
  code?: unknown;
  originalCode?: unknown;
  meta?: { driverAdapterError?: { cause?: { originalCode?: unknown; kind?: unknown } } };
  cause?: unknown;
}

/** The codes an error carries, itself and what it wraps, a few levels deep (Prisma wraps the driver's error). */
export function errorCodes(err: unknown): string[] {
  const codes: string[] = [];
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e !== null && typeof e === "object"; depth++) {
    const c = e as Coded;
    // A driver adapter's own error (thrown as it is from interactive transactions) says its kind in `cause.kind`.
    const kind = (c.cause as { kind?: unknown } | undefined)?.kind;
    for (const code of [
      c.code,
      c.originalCode,
      c.meta?.driverAdapterError?.cause?.originalCode,
      c.meta?.driverAdapterError?.cause?.kind,
      kind,
    ]) {
      if (typeof code === "string") codes.push(code);
    }
    e = c.cause;
  }
  return codes;
}

/** `text` as a LIKE pattern that finds it anywhere, its own backslash, % and _ escaped (the statement says ESCAPE backslash). */
export const likeAnywhere = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
