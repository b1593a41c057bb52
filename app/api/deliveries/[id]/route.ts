// GET /api/deliveries/{id} — one delivery with what it sends and every attempt (admin)
import { route } from "@/lib/api/handler";
import { getDelivery } from "@/lib/notifications/deliveries";
import { IdParams } from "@/lib/notifications/schemas";

export const GET = route({ access: "admin", params: IdParams }, async ({ params }) => ({
  delivery: await getDelivery(params.id),
}));
