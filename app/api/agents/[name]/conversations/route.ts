// GET /api/agents/{name}/conversations — the caller's chats with the agent; POST — start a new one
import { json, route } from "@/lib/api/handler";
import { AgentParams } from "@/lib/agents/params";
import { createConversation, listConversations } from "@/lib/executions";

export const GET = route({ access: "user", params: AgentParams }, async ({ params, who }) => ({
  conversations: await listConversations(params.name, who),
}));

export const POST = route({ access: "user", params: AgentParams }, async ({ params, who }) => {
  const conversation = await createConversation(params.name, who);
  return json({ conversation }, 201);
});
