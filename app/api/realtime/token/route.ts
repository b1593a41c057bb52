// GET /api/realtime/token — a short-lived token and the address for the browser's live connection to the worker
import { route } from "@/lib/api/handler";
import { config } from "@/lib/config";
import { mintRealtimeToken } from "@/lib/realtime/token";
import type { RealtimeTokenResponse } from "@/lib/realtime/token-response";

export const GET = route({ access: "user" }, async ({ who }): Promise<RealtimeTokenResponse> => {
  const cfg = config();
  const { token, expiresAt } = await mintRealtimeToken({ userId: who.userId, role: who.role }, cfg.secrets.internal);
  return { token, url: cfg.worker.publicUrl, expiresAt };
});
