// GET /api/deliveries — the delivery log, newest first, filtered by status, channel and event (admin)
import { route } from "@/lib/api/handler";
import { listDeliveries } from "@/lib/notifications/deliveries";
import { DeliveryListQuery } from "@/lib/notifications/schemas";

export const GET = route({ access: "admin", query: DeliveryListQuery }, async ({ query }) => listDeliveries(query));
