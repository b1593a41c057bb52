// POST /api/approvals/{id}/links — the caller's own one-click links (open, approve, reject) for an approval they may decide
import { IdParams } from "@/lib/agents/params";
import { json, route } from "@/lib/api/handler";
import { ownActionLinks } from "@/lib/approvals/action-links";

export const POST = route({ access: "user", params: IdParams }, async ({ params, who }) => {
  const res = json({ links: await ownActionLinks(params.id, who) }, 201);
  res.headers.set("Cache-Control", "no-store");
  return res;
});
