// The part of the runner's claim both databases run as written: which queued executions may start now. Each dialect
// wraps it in its own claim (lib/db/dialect/{sqlite,postgres}.ts): SQLite in one conditional UPDATE, PostgreSQL
// after locking the agents' rows.
import { Prisma } from "@/lib/db/client-types";

export interface ClaimRequest {
  runnerId: string;
  /** the runner's name: agents pinned to another name are not this runner's */
  runnerName: string;
  now: Date;
  /** the lease the claimed executions get */
  leaseUntil: Date;
  /** at most this many (the runner's free places) */
  limit: number;
}

/**
 * The ids of queued executions this runner may start now, oldest first: due (`notBefore` passed), of a running agent
 * not pinned to another runner, within the agent's concurrency limit counting what runs anywhere, and for a chat turn
 * only when no other turn of its conversation runs and no older one waits. `agents` narrows it to some agents.
 */
export function claimableIds(req: ClaimRequest, agents: Prisma.Sql = Prisma.empty): Prisma.Sql {
  return Prisma.sql`
    WITH "busy" AS (
      SELECT "agentId", COUNT(*) AS "running" FROM "Execution" WHERE "status" = 'running' GROUP BY "agentId"
    ),
    "ranked" AS (
      SELECT e."id", e."createdAt",
        ROW_NUMBER() OVER (PARTITION BY e."agentId" ORDER BY e."createdAt", e."id") AS "place",
        a."concurrencyLimit" - COALESCE(b."running", 0) AS "free"
      FROM "Execution" e
      JOIN "Agent" a ON a."id" = e."agentId"
      LEFT JOIN "busy" b ON b."agentId" = e."agentId"
      WHERE e."status" = 'queued'
        AND (e."notBefore" IS NULL OR e."notBefore" <= ${req.now})
        AND a."status" = 'running'
        AND (a."runnerName" IS NULL OR a."runnerName" = ${req.runnerName})
        AND (e."conversationId" IS NULL OR NOT EXISTS (
          SELECT 1 FROM "Execution" t
          WHERE t."conversationId" = e."conversationId" AND t."id" <> e."id"
            AND (t."status" = 'running'
              OR (t."status" = 'queued' AND (t."createdAt" < e."createdAt" OR (t."createdAt" = e."createdAt" AND t."id" < e."id"))))
        ))
        ${agents}
    )
    SELECT "id" FROM "ranked" WHERE "place" <= "free" ORDER BY "createdAt", "id" LIMIT ${req.limit}`;
}

/** The claim's change: running on this runner, under its lease, only while still queued. Answers the rows claimed. */
export function claimUpdate(req: ClaimRequest, ids: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    UPDATE "Execution"
    SET "status" = 'running', "runnerId" = ${req.runnerId}, "startedAt" = ${req.now}, "leaseExpiresAt" = ${req.leaseUntil}
    WHERE "id" IN (${ids}) AND "status" = 'queued'
    RETURNING *`;
}
