// POST /api/deliveries/{id}/redeliver — send it again now; the earlier attempts stay in the log (admin)
import { route } from "@/lib/api/handler";
import { redeliver } from "@/lib/notifications/deliveries";
import { IdParams } from "@/lib/notifications/schemas";

export const POST = route({ access: "admin", params: IdParams }, async ({ params }) => ({
  delivery: await redeliver(params.id),
}));
