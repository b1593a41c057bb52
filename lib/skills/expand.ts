// Expanding `/name args` the way Claude Code expands a command file, for `command` agents and for playbooks not yet
// written to a `claude-code` agent's workspace, so every agent receives the same instructions. Kept apart from
// ./playbooks so the runner can use it without importing executions.
import { db } from "@/lib/db";
import { parseSlashMessage, splitArguments } from "./arguments";
import { readManifest } from "./inject";

export { splitArguments };

/** One of the agent's playbooks (assigned, valid, user-invocable), or null. */
export async function findPlaybook(agentId: string, name: string) {
  const row = await db.agentSkill.findFirst({
    where: { agentId, skill: { name, valid: true, userInvocable: true } },
    include: { skill: true },
  });
  return row?.skill ?? null;
}

/**
 * Claude Code's substitutions, as its CLI makes them: `$ARGUMENTS` is the text as typed, `$ARGUMENTS[N]` and `$N` the
 * N-th argument counting from 0 (`$0` is the first word after the command), empty when not given; `\$` before
 * them keeps a literal `$`. With no substitution in the body, the arguments are appended.
 */
export function expandPlaybookBody(body: string, args: string): string {
  const positional = splitArguments(args);
  let substituted = false;
  // One pass, so text inside the arguments (say "$5") is never substituted again.
  const expanded = body.replace(
    /\\\$(?=\d|ARGUMENTS)|\$ARGUMENTS\[(\d+)\]|\$(\d+)(?!\w)|\$ARGUMENTS/g,
    (whole, index?: string, short?: string) => {
      if (whole.startsWith("\\")) return "$";
      substituted = true;
      const n = index ?? short;
      return n === undefined ? args : (positional[Number(n)] ?? "");
    },
  );
  return substituted || !args ? expanded : `${expanded.replace(/\s+$/, "")}\n\nARGUMENTS: ${args}`;
}

/**
 * The message an agent's runtime gets. `/name args` naming one of its playbooks becomes the skill's body with the
 * arguments in place, except for a `claude-code` agent whose workspace has the command file: that CLI expands it
 * itself. A playbook assigned since the agent started is not there yet (the CLI would answer "Unknown command").
 * Anything else is passed as it is.
 */
export async function messageForRuntime(
  agent: { id: string; runtime: string },
  workspaceDir: string,
  message: string,
): Promise<string> {
  const command = parseSlashMessage(message);
  if (!command) return message;
  const skill = await findPlaybook(agent.id, command.name);
  if (!skill) return message;
  if (agent.runtime === "claude-code" && skill.name in (await readManifest(workspaceDir)).skills) return message;
  return expandPlaybookBody(skill.body, command.args);
}
