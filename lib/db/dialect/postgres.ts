// PostgreSQL: many processes on many machines, each with a pool of connections.
//
// Errors arrive through Prisma's pg adapter as Prisma codes (P2002 unique, P2034 write conflict or deadlock) or,
// from raw queries, as P2010 with the server's SQLSTATE in meta.driverAdapterError.cause.originalCode:
// 23505 unique_violation; 40001 serialization_failure, 40P01 deadlock_detected, 55P03 lock_not_available (all three
// leave nothing written and are safe to try again). In an interactive transaction the adapter's error comes as it is,
// a DriverAdapterError whose cause.kind is "TransactionWriteConflict".
import { Prisma } from "../client-types";
import type { Dialect } from "./types";
import { errorCodes } from "./types";

const RETRYABLE = new Set(["P2034", "40001", "40P01", "55P03", "TransactionWriteConflict"]);
const UNIQUE = new Set(["P2002", "23505"]);

export const postgres: Dialect = {
  name: "postgresql",
  async configure() {
    // Nothing per process: the server's settings apply.
  },
  isBusy: (err) => errorCodes(err).some((c) => RETRYABLE.has(c)),
  isUniqueViolation: (err) => errorCodes(err).some((c) => UNIQUE.has(c)),
  greatest: (...values) => Prisma.sql`GREATEST(${Prisma.join(values)})`,
  forUpdate: Prisma.sql`FOR UPDATE`,
  least: (...values) => Prisma.sql`LEAST(${Prisma.join(values)})`,
};
