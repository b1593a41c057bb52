// Expanding `/name args` for `command` agents the way Claude Code expands a command file, so both runtimes receive
// the same instructions. Kept apart from ./playbooks so the executor can use it without importing executions.
import { db } from "../db";

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
 * The message a `command` agent's program gets: `/name args`, when `name` is one of its playbooks, becomes the
 * skill's body with the arguments in place; anything else is passed as it is.
 */
export async function expandSlashCommand(agentId: string, message: string): Promise<string> {
  const match = SLASH.exec(message.trim());
  if (!match) return message;
  const skill = await findPlaybook(agentId, match[1]);
  return skill ? expandPlaybookBody(skill.body, (match[2] ?? "").trim()) : message;
}
