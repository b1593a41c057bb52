// GET /api/conversations/{id} — a conversation and its turns, oldest first (its owner or an admin);
// PATCH — rename it (its owner); DELETE — delete it with its messages (its owner or an admin)

import { IdParams } from "@/lib/agents/params";
import { route } from "@/lib/api/handler";
import { ConversationUpdateInput, deleteConversation, getConversation, renameConversation } from "@/lib/executions";

export const GET = route({ access: "user", params: IdParams }, async ({ params, who }) =>
  getConversation(params.id, who),
);

export const PATCH = route(
  { access: "user", params: IdParams, body: ConversationUpdateInput },
  async ({ params, body, who }) => ({
    conversation: await renameConversation(params.id, body, who),
  }),
);

export const DELETE = route({ access: "user", params: IdParams }, async ({ params, who }) => {
  await deleteConversation(params.id, who);
  return new Response(null, { status: 204 });
});
