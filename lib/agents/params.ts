// Path parameters of the agent routes. A name that is not a slug simply matches no agent (404).
import { z } from "zod";

export const AgentParams = z.object({ name: z.string().min(1).max(200) });
export const IdParams = z.object({ id: z.string().min(1).max(64) });
