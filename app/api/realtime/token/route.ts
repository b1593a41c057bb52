// GET /api/realtime/token — a short-lived token and the address for the browser's live connection to the worker
import { route } from "@/lib/api/handler";
import { internalSecret, serverEnv } from "@/lib/env";
import { mintRealtimeToken } from "@/lib/realtime/token";
import type { RealtimeTokenResponse } from "@/lib/realtime/token-response";

export const GET = route({ access: "user" }, async ({ who }): Promise<RealtimeTokenResponse> => {
  const { token, expiresAt } = await mintRealtimeToken({ userId: who.userId, role: who.role }, internalSecret());
  const env = serverEnv();
  return { token, url: env.CADRE_PUBLIC_WORKER_URL ?? env.CADRE_WORKER_URL, expiresAt };
});
