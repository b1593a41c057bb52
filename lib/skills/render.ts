// Writes SKILL.md from a skill's fields, and the Claude Code command file injected into agent workspaces.
import { stringify } from "yaml";

export interface SkillFields {
  name: string;
  description: string;
  body: string;
  argumentHint?: string | null;
  userInvocable?: boolean;
  model?: string | null;
  license?: string | null;
  compatibility?: string | null;
  allowedTools?: string[];
  metadata?: Record<string, string>;
}

function withFrontmatter(frontmatter: Record<string, unknown>, body: string): string {
  // lineWidth 0: long descriptions stay on one line, so the file reads as written.
  const yaml = stringify(frontmatter, { lineWidth: 0 });
  return `---\n${yaml}---\n\n${body}`;
}

/** Keys in the order the formats document them; empty optional fields are left out. */
export function renderSkillMd(f: SkillFields, extra: Record<string, unknown> = {}): string {
  const fm: Record<string, unknown> = { name: f.name, description: f.description };
  if (f.license) fm.license = f.license;
  if (f.compatibility) fm.compatibility = f.compatibility;
  if (f.metadata && Object.keys(f.metadata).length > 0) fm.metadata = f.metadata;
  if (f.allowedTools && f.allowedTools.length > 0) fm["allowed-tools"] = f.allowedTools.join(" ");
  if (f.argumentHint) fm["argument-hint"] = f.argumentHint;
  if (f.userInvocable === false) fm["user-invocable"] = false;
  if (f.model) fm.model = f.model;
  return withFrontmatter({ ...fm, ...extra }, f.body);
}

/** `.claude/commands/<name>.md`: what Claude Code expands when it is sent `/<name> args`. */
export function renderCommandFile(s: { description: string; argumentHint: string | null; body: string }): string {
  const fm: Record<string, unknown> = { description: s.description };
  if (s.argumentHint) fm["argument-hint"] = s.argumentHint;
  return withFrontmatter(fm, s.body);
}
