// The agent form's values, how they start, and how they become a request body.
import { type AgentDto, AgentName, type Runtime } from "@/lib/agents/schemas";
import { RunnerName } from "@/lib/runners/schemas";

export interface AgentFormValues {
  name: string;
  description: string;
  runtime: Runtime;
  model: string;
  command: string;
  concurrencyLimit: string;
  timeoutSeconds: string;
  /** the runner to run on; empty: any runner */
  runnerName: string;
  start: boolean;
}

export type FormErrors = Partial<Record<keyof AgentFormValues, string>>;

export function initialValues(agent?: AgentDto): AgentFormValues {
  return {
    name: agent?.name ?? "",
    description: agent?.description ?? "",
    runtime: agent?.runtime ?? "claude-code",
    model: agent?.model ?? "sonnet",
    command: agent?.command ?? "",
    concurrencyLimit: String(agent?.concurrencyLimit ?? 1),
    timeoutSeconds: String(agent?.timeoutSeconds ?? 600),
    runnerName: agent?.runnerName ?? "",
    start: true,
  };
}

export function nameError(name: string): string | undefined {
  if (!name) return "Give the agent a name";
  const parsed = AgentName.safeParse(name);
  return parsed.success ? undefined : parsed.error.issues[0]?.message;
}

function wholeNumber(text: string, min: number, max: number): number | string {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n < min || n > max) return `a whole number from ${min} to ${max}`;
  return n;
}

/** Checks what the browser can check; the API checks again and names the field if it disagrees. */
export function toBody(values: AgentFormValues, mode: "create" | "edit") {
  const errors: FormErrors = {};
  if (mode === "create") {
    const e = nameError(values.name);
    if (e) errors.name = e;
  }
  if (!values.model) errors.model = "Type a model id";
  if (values.runtime === "command" && !values.command.trim()) errors.command = "Type the command to run";
  const concurrencyLimit = wholeNumber(values.concurrencyLimit, 1, 32);
  if (typeof concurrencyLimit === "string") errors.concurrencyLimit = `Use ${concurrencyLimit}`;
  const timeoutSeconds = wholeNumber(values.timeoutSeconds, 1, 86400);
  if (typeof timeoutSeconds === "string") errors.timeoutSeconds = `Use ${timeoutSeconds}`;
  const runnerName = values.runnerName.trim();
  const pin = runnerName ? RunnerName.safeParse(runnerName) : null;
  if (pin && !pin.success) errors.runnerName = pin.error.issues[0]?.message ?? "not a runner name";
  if (Object.keys(errors).length > 0) return { errors };

  const body = {
    description: values.description.trim(),
    runtime: values.runtime,
    model: values.model,
    concurrencyLimit: concurrencyLimit as number,
    timeoutSeconds: timeoutSeconds as number,
    runnerName: runnerName || null,
    // Only command agents carry a command; sending one otherwise would also need admin rights.
    ...(values.runtime === "command" ? { command: values.command.trim() } : {}),
  };
  return { body, create: { ...body, name: values.name, start: values.start } };
}
