// GET /api/audit — the audit log, newest first, filtered and paged (admins: every entry; others: their agents' entries)
import { route } from "@/lib/api/handler";
import { listAudit } from "@/lib/audit";
import { AuditListQuery } from "@/lib/audit/schemas";

export const GET = route({ access: "user", query: AuditListQuery }, async ({ query, who }) => listAudit(query, who));
