// The notifiers' claim of due deliveries, one statement on both databases: the dialect's skipLocked makes workers on
// PostgreSQL pass over rows another holds instead of waiting for them; SQLite has one writer at a time.
import { Prisma } from "@/lib/db/client-types";

export interface DeliveryClaim {
  owner: string;
  now: Date;
  leaseUntil: Date;
  limit: number;
}

/**
 * Pending deliveries whose time has come and whose lease (if any) ran out, leased to `owner`. A delivery waits while
 * an earlier one (by event) with the same channel, target and order key is still pending, so one endpoint hears
 * about one approval in order. Answers the claimed rows.
 */
export function claimDeliveries(req: DeliveryClaim, skipLocked: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    UPDATE "Delivery" SET "leaseOwner" = ${req.owner}, "leaseUntil" = ${req.leaseUntil}
    WHERE "id" IN (
      SELECT d."id" FROM "Delivery" d
      WHERE d."status" = 'pending' AND d."nextAttemptAt" <= ${req.now}
        AND (d."leaseUntil" IS NULL OR d."leaseUntil" < ${req.now})
        AND NOT EXISTS (
          SELECT 1 FROM "Delivery" p
          WHERE p."channel" = d."channel" AND p."target" = d."target" AND p."orderKey" = d."orderKey"
            AND p."status" = 'pending' AND p."eventId" < d."eventId"
        )
      ORDER BY d."nextAttemptAt", d."eventId"
      LIMIT ${req.limit}
      ${skipLocked}
    )
    AND "status" = 'pending' AND ("leaseUntil" IS NULL OR "leaseUntil" < ${req.now})
    RETURNING *`;
}
