// GET /api/agents/{name}/conversations — the caller's chats with the agent; POST — a conversation to write in: the
// caller's empty one with the agent if there is one (200), else a new one (201)

import { AgentParams } from "@/lib/agents/params";
import { json, route } from "@/lib/api/handler";
import { createConversation, listConversations } from "@/lib/executions";

export const GET = route({ access: "user", params: AgentParams }, async ({ params, who }) => ({
  conversations: await listConversations(params.name, who),
}));

export const POST = route({ access: "user", params: AgentParams }, async ({ params, who }) => {
  const { conversation, created } = await createConversation(params.name, who);
  return json({ conversation }, created ? 201 : 200);
});
