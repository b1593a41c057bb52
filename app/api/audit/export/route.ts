// GET /api/audit/export — the filtered audit log as a CSV or JSON file, up to AUDIT_EXPORT_CAP entries
import { route } from "@/lib/api/handler";
import { auditToCsv, exportAudit } from "@/lib/audit";
import { AUDIT_EXPORT_CAP, AuditExportQuery } from "@/lib/audit/schemas";

export const GET = route({ access: "user", query: AuditExportQuery }, async ({ query, who }) => {
  const { format, ...filters } = query;
  const { entries, truncated } = await exportAudit(filters, who, AUDIT_EXPORT_CAP);
  const stamp = new Date().toISOString().slice(0, 19).replaceAll(":", "-");
  const headers = {
    "Content-Disposition": `attachment; filename="cadre-audit-${stamp}.${format}"`,
    "Content-Type": format === "csv" ? "text/csv; charset=utf-8" : "application/json",
    "Cache-Control": "no-store",
    "X-Cadre-Truncated": String(truncated),
  };
  const body = format === "csv" ? auditToCsv(entries) : JSON.stringify({ entries, truncated, cap: AUDIT_EXPORT_CAP });
  return new Response(body, { headers });
});
