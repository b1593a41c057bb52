// SQLite: one file shared by the processes of one machine, in WAL mode; one writer at a time.
//
// A write that meets another connection's write lock reaches us, once the busy timeout has run out, as:
// - a model query: Prisma P1008 with meta.driverAdapterError.cause.originalCode "SQLITE_BUSY";
// - a raw query or a batch transaction: P2010 "Raw query failed. Code: `SQLITE_BUSY`" with the same meta;
// - a write in a transaction whose snapshot another connection wrote past: at once, as "SQLITE_BUSY_SNAPSHOT";
// - better-sqlite3 used directly: SqliteError "SQLITE_BUSY" (or an extended SQLITE_BUSY_* / SQLITE_LOCKED_*).
import { type Execution, Prisma } from "@/lib/db/client-types";
import type { SqlDatabase } from "@/lib/db/sql";
import { claimableIds, claimUpdate } from "./claims";
import type { Dialect, RowInsert } from "./types";
import { errorCodes, likeAnywhere } from "./types";

const BUSY = /^SQLITE_(BUSY|LOCKED)(_[A-Z]+)?$/;
const UNIQUE = /^(P2002|SQLITE_CONSTRAINT_(UNIQUE|PRIMARYKEY))$/;

export const sqlite: Dialect = {
  name: "sqlite",
  async configure(db) {
    await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    await db.$queryRawUnsafe("PRAGMA synchronous = NORMAL");
  },
  isBusy: (err) => errorCodes(err).some((c) => BUSY.test(c)),
  isUniqueViolation: (err) => errorCodes(err).some((c) => UNIQUE.test(c)),
  greatest: (...values) => Prisma.sql`max(${Prisma.join(values)})`,
  forUpdate: Prisma.empty,
  skipLocked: Prisma.empty,
  forNoKeyUpdate: Prisma.empty,
  listenForEvents: () => null,
  least: (...values) => Prisma.sql`min(${Prisma.join(values)})`,
  containsText: (column, text) => Prisma.sql`${column} LIKE ${likeAnywhere(text)} ESCAPE '\\'`,
  // One writer at a time: the UPDATE reads the running counts and writes the claims under the same write lock, so
  // one conditional statement is the whole claim.
  async claimExecutions(tx, req) {
    return tx.query<Execution>(claimUpdate(req, claimableIds(req)));
  },
  writeWithRow<T>(db: SqlDatabase, change: Prisma.Sql, insert: RowInsert) {
    // (Statements are not prepared by name here: better-sqlite3 keeps its own.)
    return db.transaction(async (tx) => {
      const rows = await tx.query<T>(change);
      if (rows.length > 0) await tx.execute(Prisma.sql`${insert.into} VALUES (${Prisma.join(insert.values)})`);
      return rows;
    });
  },
};
