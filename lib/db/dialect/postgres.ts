// PostgreSQL: many processes on many machines, each with a pool of connections.
//
// Errors arrive through Prisma's pg adapter as Prisma codes (P2002 unique, P2034 write conflict or deadlock) or,
// from raw queries, as P2010 with the server's SQLSTATE in meta.driverAdapterError.cause.originalCode:
// 23505 unique_violation; 40001 serialization_failure, 40P01 deadlock_detected, 55P03 lock_not_available (all three
// leave nothing written and are safe to try again). In an interactive transaction the adapter's error comes as it is,
// a DriverAdapterError whose cause.kind is "TransactionWriteConflict".
import pg from "pg";
import { type Execution, Prisma } from "@/lib/db/client-types";
import type { SqlDatabase, StatementOptions } from "@/lib/db/sql";
import { claimableIds, claimUpdate } from "./claims";
import type { Dialect, EventListener, RowInsert } from "./types";
import { EVENTS_CHANNEL, errorCodes, likeAnywhere } from "./types";

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
  forNoKeyUpdate: Prisma.sql`FOR NO KEY UPDATE`,
  listenForEvents: (url, onWake, onError) => listen(url, onWake, onError),
  least: (...values) => Prisma.sql`LEAST(${Prisma.join(values)})`,
  containsText: (column, text) => Prisma.sql`${column} ILIKE ${likeAnywhere(text)} ESCAPE '\\'`,
  async claimExecutions(tx, req) {
    // Runners claim at the same time here: each first locks the rows of the agents it has work for, skipping agents
    // another runner is claiming for right now, so one agent's running count is read and raised by one claim at a
    // time (the UPDATE below is a new statement: at READ COMMITTED it sees every claim committed before the lock).
    // NO KEY UPDATE, not UPDATE: it does not wait for, or hold up, executions being inserted for the agent.
    // Only as many agents as the claim may take runs, those whose work waits longest and who look to have a free
    // place: a run finishing (its result locks its agent's row too) or another runner's claim waits for none of the rest.
    const agents = await tx.query<{ id: string }>(
      Prisma.sql`
      SELECT a."id" FROM "Agent" a
      WHERE a."status" = 'running'
        AND (a."runnerName" IS NULL OR a."runnerName" = ${req.runnerName})
        AND EXISTS (
          SELECT 1 FROM "Execution" e
          WHERE e."agentId" = a."id" AND e."status" = 'queued' AND (e."notBefore" IS NULL OR e."notBefore" <= ${req.now})
        )
        AND a."concurrencyLimit" > (SELECT COUNT(*) FROM "Execution" r WHERE r."agentId" = a."id" AND r."status" = 'running')
      ORDER BY (
        SELECT MIN(q."createdAt") FROM "Execution" q
        WHERE q."agentId" = a."id" AND q."status" = 'queued' AND (q."notBefore" IS NULL OR q."notBefore" <= ${req.now})
      ), a."id"
      LIMIT ${req.limit}
      FOR NO KEY UPDATE SKIP LOCKED`,
      { prepare: true },
    );
    if (agents.length === 0) return [];
    // The claim's time is read once the agents are locked, as close as can be to the statement that sees the runs
    // finished before it.
    const now = new Date();
    const at = { ...req, now, leaseUntil: new Date(now.getTime() + (req.leaseUntil.getTime() - req.now.getTime())) };
    const mine = Prisma.sql`AND e."agentId" IN (${Prisma.join(agents.map((a) => a.id))})`;
    return tx.query<Execution>(claimUpdate(at, claimableIds(at, mine)));
  },
  writeWithRow<T>(db: SqlDatabase, change: Prisma.Sql, insert: RowInsert, options?: StatementOptions) {
    // INSERT … SELECT (not VALUES): its bound values take the types of the columns they go into.
    return db.query<T>(
      Prisma.sql`
        WITH "changed" AS (${change}), "inserted" AS (${insert.into} SELECT ${Prisma.join(insert.values)} FROM "changed")
        SELECT * FROM "changed"`,
      options,
    );
  },
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
