// The chat's `/` commands without React: when the text asks for one, which playbooks match (prefix matches
// first), what the ghost text adds, and which argument hint follows an accepted command.

export interface SlashCommand {
  name: string;
  description: string;
  argumentHint: string | null;
}

/** The most options the list shows; typing narrows it. */
export const MAX_SLASH_OPTIONS = 8;

/** "/rel" → "rel", "/" → ""; null once the text is anything but a slash and a partial name. */
export function slashQuery(text: string): string | null {
  const match = /^\/([^\s/]*)$/.exec(text);
  return match ? match[1].toLowerCase() : null;
}

/** Names starting with the query, then names containing it elsewhere; each group in alphabetical order. */
export function rankCommands<T extends { name: string }>(
  commands: readonly T[],
  query: string,
  limit = MAX_SLASH_OPTIONS,
): T[] {
  const q = query.toLowerCase();
  const byName = (a: T, b: T) => a.name.localeCompare(b.name);
  const prefix: T[] = [];
  const inside: T[] = [];
  for (const command of commands) {
    const name = command.name.toLowerCase();
    if (name.startsWith(q)) prefix.push(command);
    else if (name.includes(q)) inside.push(command);
  }
  return [...prefix.sort(byName), ...inside.sort(byName)].slice(0, limit);
}

/** What the ghost text shows after the typed query: the rest of the name, or "" when the name does not start with it. */
export function ghostSuffix(name: string, query: string): string {
  return name.toLowerCase().startsWith(query.toLowerCase()) ? name.slice(query.length) : "";
}

/** The composer's text once a command is accepted: the command and the space before its arguments. */
export function acceptedText(name: string): string {
  return `/${name} `;
}

/** The argument hint to show while the text is an accepted command with no arguments typed yet. */
export function pendingArgumentHint(text: string, commands: readonly SlashCommand[]): string | null {
  const match = /^\/([^\s/]+) +$/.exec(text);
  if (!match) return null;
  return commands.find((c) => c.name === match[1])?.argumentHint ?? null;
}
