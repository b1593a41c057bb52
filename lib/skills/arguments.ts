// A playbook's arguments, shared by the server and the browser (no server imports here).
//
// The `argument-hint` names them in order: `<name>` is required, `[name]` optional, e.g. `<ticket-id> [notes]`. A
// hint with neither form (free text such as "what to review") names no argument, and nothing is required. Arguments
// are split the way Claude Code splits them: spaces separate, quotes group ("two words" is one argument).

export interface HintArgument {
  name: string;
  required: boolean;
}

const HINT_PART = /<([^<>]+)>|\[([^[\]]+)\]/g;
/** A hint longer than this is not read for arguments (the field itself is at most 200 characters). */
const MAX_HINT_CHARS = 1000;

/** The arguments an argument hint names, in order. */
export function parseArgumentHint(hint: string | null | undefined): HintArgument[] {
  if (!hint || hint.length > MAX_HINT_CHARS) return [];
  const out: HintArgument[] = [];
  for (const m of hint.matchAll(HINT_PART)) {
    const name = (m[1] ?? m[2]).trim();
    if (name) out.push({ name, required: m[1] !== undefined });
  }
  return out;
}

/** Splits arguments the way a shell would: spaces separate, quotes group, quotes are removed. */
export function splitArguments(args: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(args); m; m = re.exec(args)) out.push(m[1]?.replace(/\\(.)/g, "$1") ?? m[2] ?? m[3]);
  return out;
}

/** One value as one argument: quoted when it holds spaces or quotes (or is empty), so splitArguments gives it back. */
export function quoteArgument(value: string): string {
  return value === "" || /[\s"'\\]/.test(value) ? `"${value.replace(/["\\]/g, "\\$&")}"` : value;
}

/**
 * The values of a form, one per argument, as the text after `/name`, the way a person would type it: each quoted as
 * needed to stay one argument, but the last given as it is (it is "the rest", and `$ARGUMENTS` reads naturally); empty
 * ones at the end are left out.
 */
export function joinArguments(values: readonly string[]): string {
  const trimmed = values.map((v) => v.trim());
  let end = trimmed.length;
  while (end > 0 && trimmed[end - 1] === "") end--;
  const kept = trimmed.slice(0, end);
  return kept.map((v, i) => (i === kept.length - 1 ? v : quoteArgument(v))).join(" ");
}

/** Text after `/name` back into one value per field: the last field takes the rest. */
export function argumentValues(args: string, count: number): string[] {
  const given = splitArguments(args);
  return Array.from({ length: count }, (_, i) => (i === count - 1 ? given.slice(i).join(" ") : (given[i] ?? "")));
}

/** The required arguments the text leaves out: those whose position is past the last argument given. */
export function missingArguments(hint: string | null | undefined, args: string | null | undefined): HintArgument[] {
  const given = splitArguments(args ?? "").length;
  return parseArgumentHint(hint).filter((a, i) => a.required && i >= given);
}

/** "<ticket-id>, <repo>" for messages. */
export const describeArguments = (list: readonly HintArgument[]) => list.map((a) => `<${a.name}>`).join(", ");

/** `/name args` split into the name and the text after it; null when the message is not a slash command. */
export function parseSlashMessage(message: string): { name: string; args: string } | null {
  const match = /^\/([a-z0-9]+(?:-[a-z0-9]+)*)(?:[ \t]+([\s\S]*))?$/.exec(message.trim());
  return match ? { name: match[1], args: (match[2] ?? "").trim() } : null;
}
