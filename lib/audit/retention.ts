// Pruning the audit log: an admin setting (Settings → Audit log) keeps entries for N days; unset (the default) keeps
// them all. The worker prunes periodically with one conditional DELETE, so several workers pruning at once delete each
// entry once, and records what it pruned as an `audit.pruned` entry in the same transaction.
import { db, type Tx } from "@/lib/db";
import type { AuditSettingsDto } from "./schemas";
import { auditWrite, SYSTEM_ACTOR } from "./write";

export const AUDIT_RETENTION_KEY = "audit.retentionDays";

export async function getAuditSettings(tx: Tx = db): Promise<AuditSettingsDto> {
  const row = await tx.setting.findUnique({ where: { key: AUDIT_RETENTION_KEY } });
  const days = Number(row?.value);
  return { retentionDays: Number.isInteger(days) && days >= 1 ? days : null };
}

/** Stores the retention (null: keep everything); answers the settings before and after, for the audit entry. */
export async function setAuditRetention(days: number | null, tx: Tx = db): Promise<AuditSettingsDto> {
  if (days === null) await tx.setting.deleteMany({ where: { key: AUDIT_RETENTION_KEY } });
  else
    await tx.setting.upsert({
      where: { key: AUDIT_RETENTION_KEY },
      create: { key: AUDIT_RETENTION_KEY, value: String(days) },
      update: { value: String(days) },
    });
  return { retentionDays: days };
}

/** Deletes the entries older than the retention; answers how many (0 when retention is off). */
export async function pruneAudit(now = new Date(), database = db): Promise<number> {
  const { retentionDays } = await getAuditSettings(database);
  if (retentionDays === null) return 0;
  const before = new Date(now.getTime() - retentionDays * 86_400_000);
  return database.$transaction(async (t) => {
    const { count } = await t.auditEntry.deleteMany({ where: { createdAt: { lt: before } } });
    if (count > 0)
      await auditWrite(
        t,
        SYSTEM_ACTOR,
        {
          action: "audit.pruned",
          targetType: "audit",
          targetLabel: `${count} entr${count === 1 ? "y" : "ies"} older than ${retentionDays} days`,
          after: { deleted: count, olderThan: before.toISOString(), retentionDays },
        },
        now,
      );
    return count;
  });
}
