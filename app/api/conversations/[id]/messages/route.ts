// POST /api/conversations/{id}/messages — send the next chat message; the reply arrives as an execution

import { IdParams } from "@/lib/agents/params";
import { json, route } from "@/lib/api/handler";
import { postMessage } from "@/lib/executions";
import { ChatMessageInput } from "@/lib/executions/schemas";

export const POST = route(
  { access: "user", params: IdParams, body: ChatMessageInput },
  async ({ params, body, who }) => {
    const execution = await postMessage(params.id, body, who);
    return json({ execution }, 202);
  },
);
