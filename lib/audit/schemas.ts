// The audit log's boundary: the filters of GET /api/audit and its export, and an entry as the API answers it.
import { z } from "zod";

const Instant = z.iso.datetime({ offset: true, error: "must be an ISO 8601 date-time, e.g. 2026-12-01T09:00:00Z" });

export const AuditFilters = z.strictObject({
  /** the actor: a user's id, or part of the label (email, "system", a token's name) */
  actor: z.string().trim().min(1).max(200).optional(),
  /** an action or a prefix of one: "schedule." or "schedule" match every schedule change */
  action: z
    .string()
    .trim()
    .max(100)
    .regex(/^[a-z_.]+$/, "must be an action such as schedule.updated, or a prefix such as schedule")
    .optional(),
  targetType: z
    .string()
    .trim()
    .max(50)
    .regex(/^[a-z_]+$/, "must be a target type such as schedule or user")
    .optional(),
  /** an agent's name */
  agent: z.string().trim().min(1).max(100).optional(),
  /** at or after */
  from: Instant.optional(),
  /** before */
  to: Instant.optional(),
  /** text in the target's label or id, the actor's label, the agent's name, or the before/after values */
  q: z.string().trim().min(1, "search text is empty").max(200).optional(),
});
export type AuditFilters = z.infer<typeof AuditFilters>;

const fromBeforeTo = (f: { from?: string; to?: string }) => !f.from || !f.to || Date.parse(f.from) < Date.parse(f.to);
const FROM_BEFORE_TO = { message: "from must be before to", path: ["to"] };

/** GET /api/audit */
export const AuditListQuery = AuditFilters.extend({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(200).optional(),
}).refine(fromBeforeTo, FROM_BEFORE_TO);
export type AuditListQuery = z.infer<typeof AuditListQuery>;

/** The most entries one export holds; a longer list is cut there and says so. */
export const AUDIT_EXPORT_CAP = 10_000;

/** GET /api/audit/export */
export const AuditExportQuery = AuditFilters.extend({ format: z.enum(["csv", "json"]).default("csv") }).refine(
  fromBeforeTo,
  FROM_BEFORE_TO,
);

export interface AuditEntryDto {
  id: string;
  createdAt: string;
  actor: { id: string | null; label: string };
  ip: string | null;
  action: string;
  target: { type: string; id: string | null; label: string | null };
  agent: { id: string; name: string } | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export interface AuditPage {
  entries: AuditEntryDto[];
  nextCursor: string | null;
  /** admins see every entry; other users only the entries of agents they own */
  scope: "all" | "own_agents";
}

/** Settings → Audit log: entries older than this many days are deleted by the worker; null keeps them all. */
export const AuditSettingsPatch = {
  auditRetentionDays: z
    .number({ error: "must be a whole number of days" })
    .int("must be a whole number of days")
    .min(1, "at least 1 day")
    .max(36_500, "at most 36500 days")
    .nullable()
    .optional(),
};

export interface AuditSettingsDto {
  retentionDays: number | null;
}
