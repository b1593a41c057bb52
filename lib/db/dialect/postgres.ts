// PostgreSQL: many processes on many machines, each with a pool of connections.
//
// Errors arrive through Prisma's pg adapter as Prisma codes (P2002 unique, P2034 write conflict or deadlock) or,
// from raw queries, as P2010 with the server's SQLSTATE in meta.driverAdapterError.cause.originalCode:
// 23505 unique_violation; 40001 serialization_failure, 40P01 deadlock_detected, 55P03 lock_not_available (all three
// leave nothing written and are safe to try again). In an interactive transaction the adapter's error comes as it is,
// a DriverAdapterError whose cause.kind is "TransactionWriteConflict".
import pg from "pg";
import { Prisma } from "../client-types";
import type { Dialect, EventListener } from "./types";
import { errorCodes, EVENTS_CHANNEL } from "./types";

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
  skipLocked: Prisma.sql`FOR UPDATE SKIP LOCKED`,
  notifyEvents: (client) => [client.$executeRaw`SELECT pg_notify(${EVENTS_CHANNEL}, '')`],
  listenForEvents: (url, onWake, onError) => listen(url, onWake, onError),
  least: (...values) => Prisma.sql`LEAST(${Prisma.join(values)})`,
};

/** LISTEN on a connection of its own (a pooled one would be handed to other work); reconnects when it drops. */
function listen(url: string, onWake: () => void, onError: (err: unknown) => void): EventListener {
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url });
    c.on("notification", () => onWake());
    c.on("error", (err) => {
      onError(err);
      reconnectLater(c);
    });
    c.on("end", () => reconnectLater(c));
    await c.connect();
    await c.query(`LISTEN ${EVENTS_CHANNEL}`);
    client = c;
    // Events appended while no connection listened are read now (the tail reads from its last id).
    onWake();
  };

  const reconnectLater = (c: pg.Client) => {
    if (stopped || client !== c) return;
    client = null;
    c.removeAllListeners();
    void c.end().catch(() => undefined);
    retry = setTimeout(() => void connect().catch((err) => (onError(err), reconnectLater(c))), 1_000);
    retry.unref();
  };

  return {
    start: connect,
    async stop() {
      stopped = true;
      clearTimeout(retry);
      const c = client;
      client = null;
      await c?.end().catch(() => undefined);
    },
  };
}
