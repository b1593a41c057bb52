// What GET /api/realtime/token answers; shared by the route and the browser (no server imports here).
import { z } from "zod";

export const RealtimeTokenResponse = z.object({
  token: z.string().min(1),
  /** the worker's Socket.IO address as the browser reaches it */
  url: z.string().url(),
  expiresAt: z.string().datetime({ offset: true }),
});
export type RealtimeTokenResponse = z.infer<typeof RealtimeTokenResponse>;
