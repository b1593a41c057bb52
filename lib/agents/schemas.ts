// Agent input schemas and the agent DTO, shared by route handlers and the browser (no server imports here).
import { z } from "zod";
import { RunnerName } from "@/lib/runners/schemas";
import { safeText } from "@/lib/text/safe-text";

export const AgentName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "use 1-63 lowercase letters, digits or dashes, starting with a letter or digit");

export const RUNTIMES = ["claude-code", "command"] as const;
export const Runtime = z.enum(RUNTIMES);
export type Runtime = z.infer<typeof Runtime>;

export const MODEL_ALIASES = ["opus", "sonnet", "haiku"] as const;

/** An alias or a custom model id such as "claude-sonnet-4-5-20250929"; no spaces or shell characters. */
export const ModelChoice = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:@/[\]-]{0,99}$/, 'use "opus", "sonnet", "haiku" or a model id');

const Description = z
  .string()
  .trim()
  .max(2000)
  .superRefine(safeText({ multiline: true }));
const Command = z.string().trim().min(1, "command is empty").max(4000);
const ConcurrencyLimit = z.number().int().min(1).max(32);
const TimeoutSeconds = z.number().int().min(1).max(86400);
/** The runner (by name) the agent's tasks run on, because its workspace lives there; null: any runner. */
const RunnerPin = RunnerName.nullable();

export const AgentCreateInput = z
  .strictObject({
    name: AgentName,
    description: Description.default(""),
    runtime: Runtime,
    model: ModelChoice.default("sonnet"),
    command: Command.nullish(),
    concurrencyLimit: ConcurrencyLimit.default(1),
    timeoutSeconds: TimeoutSeconds.default(600),
    runnerName: RunnerPin.default(null),
    start: z.boolean().default(true),
  })
  .superRefine((v, ctx) => {
    if (v.runtime === "command" && !v.command) {
      ctx.addIssue({ code: "custom", path: ["command"], message: "required when runtime is command" });
    }
  });
export type AgentCreateInput = z.infer<typeof AgentCreateInput>;

export const AgentUpdateInput = z.strictObject({
  description: Description.optional(),
  runtime: Runtime.optional(),
  model: ModelChoice.optional(),
  command: Command.nullish(),
  concurrencyLimit: ConcurrencyLimit.optional(),
  timeoutSeconds: TimeoutSeconds.optional(),
  runnerName: RunnerPin.optional(),
});
export type AgentUpdateInput = z.infer<typeof AgentUpdateInput>;

export type AgentStatus = "stopped" | "running";

export interface AgentDto {
  id: string;
  name: string;
  description: string;
  runtime: Runtime;
  model: string;
  /** only for the agent's owner and admins (absent for others) */
  command?: string | null;
  /** only for the agent's owner and admins (absent for others) */
  workspaceDir?: string;
  status: AgentStatus;
  concurrencyLimit: number;
  timeoutSeconds: number;
  /** the runner the agent's tasks run on; null: any runner */
  runnerName: string | null;
  owner: { id: string; name: string; email: string };
  startedAt: string | null;
  createdAt: string;
  updatedAt: string;
  counts: { running: number; queued: number };
}
