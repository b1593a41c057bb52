// Path parameters of the schedule routes.
import { z } from "zod";
import { AgentParams } from "@/lib/agents/params";

export const ScheduleParams = AgentParams.extend({ id: z.string().min(1).max(64) });
