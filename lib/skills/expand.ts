// Expanding `/name args` the way Claude Code expands a command file, for `command` agents and for playbooks not yet
// written to a `claude-code` agent's workspace, so every agent receives the same instructions. Kept apart from
// ./playbooks so the runner can use it without importing executions.
import { db } from "../db";
import { readManifest } from "./inject";

/** One of the agent's playbooks (assigned, valid, user-invocable), or null. */
export async function findPlaybook(agentId: string, name: string) {
  const row = await db.agentSkill.findFirst({
    where: { agentId, skill: { name, valid: true, userInvocable: true } },
    include: { skill: true },
  });
  return row?.skill ?? null;
}

/** Splits arguments the way a shell would: spaces separate, quotes group, quotes are removed. */
export function splitArguments(args: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(args); m; m = re.exec(args)) out.push(m[1]?.replace(/\\(.)/g, "$1") ?? m[2] ?? m[3]);
  return out;
}

/**
 * Claude Code's substitutions: `$ARGUMENTS` is the text as typed, `$ARGUMENTS[N]` and `$N` the N-th argument
 * (from 0); a missing one stays as written. With no `$ARGUMENTS` in the body, the arguments are appended.
 */
export function expandPlaybookBody(body: string, args: string): string {
  const positional = splitArguments(args);
  const usesArguments = /\$ARGUMENTS/.test(body);
  // One pass, so text inside the arguments (say "$5") is never substituted again.
  const expanded = body.replace(/\$ARGUMENTS\[(\d+)\]|\$ARGUMENTS|\$(\d)(?!\d)/g, (whole, index?: string, short?: string) => {
    const n = index ?? short;
    return n === undefined ? args : (positional[Number(n)] ?? whole);
  });
  return usesArguments || !args ? expanded : `${expanded.replace(/\s+$/, "")}\n\nARGUMENTS: ${args}`;
}

const SLASH = /^\/([a-z0-9]+(?:-[a-z0-9]+)*)(?:[ \t]+([\s\S]*))?$/;

/**
 * The message an agent's runtime gets. `/name args` naming one of its playbooks becomes the skill's body with the
 * arguments in place, except for a `claude-code` agent whose workspace has the command file: that CLI expands it
 * itself. A playbook assigned since the agent started is not there yet (the CLI would answer "Unknown command").
 * Anything else is passed as it is.
 */
export async function messageForRuntime(agent: { id: string; runtime: string }, workspaceDir: string, message: string): Promise<string> {
  const match = SLASH.exec(message.trim());
  if (!match) return message;
  const skill = await findPlaybook(agent.id, match[1]);
  if (!skill) return message;
  if (agent.runtime === "claude-code" && skill.name in (await readManifest(workspaceDir)).skills) return message;
  return expandPlaybookBody(skill.body, (match[2] ?? "").trim());
}
