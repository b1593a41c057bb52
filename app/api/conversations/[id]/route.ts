// GET /api/conversations/{id} — a conversation and its turns, oldest first (its owner or an admin)
import { route } from "@/lib/api/handler";
import { IdParams } from "@/lib/agents/params";
import { getConversation } from "@/lib/executions";

export const GET = route({ access: "user", params: IdParams }, async ({ params, who }) => getConversation(params.id, who));
