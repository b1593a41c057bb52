// GET /api/executions/export — the filtered runs as a CSV or JSON file, up to RUN_EXPORT_CAP of them

import { route } from "@/lib/api/handler";
import { exportRuns, runsToCsv } from "@/lib/executions";
import { RUN_EXPORT_CAP, RunExportQuery } from "@/lib/executions/schemas";

export const GET = route({ access: "user", query: RunExportQuery }, async ({ query, who }) => {
  const { format, ...filters } = query;
  const { runs, truncated } = await exportRuns(filters, who, RUN_EXPORT_CAP);
  const stamp = new Date().toISOString().slice(0, 19).replaceAll(":", "-");
  const headers = {
    "Content-Disposition": `attachment; filename="cadre-runs-${stamp}.${format}"`,
    "Content-Type": format === "csv" ? "text/csv; charset=utf-8" : "application/json",
    "Cache-Control": "no-store",
    "X-Cadre-Truncated": String(truncated),
  };
  const body = format === "csv" ? runsToCsv(runs) : JSON.stringify({ runs, truncated, cap: RUN_EXPORT_CAP });
  return new Response(body, { headers });
});
