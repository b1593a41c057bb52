// SKILL.md parsing: YAML frontmatter between --- lines, then a Markdown body. Input comes from Git repositories and
// admins, so every failure (size, binary, YAML bombs, wrong types) becomes "invalid, with the reason", never a throw.
import { z } from "zod";
import { readYamlBounded, type YamlLimits } from "@/lib/text/bounded-yaml";
import { safeText } from "@/lib/text/safe-text";
import { firstSyntaxProblem } from "@/lib/text/yaml-syntax";
import { COMPATIBILITY_MAX, DESCRIPTION_MAX, SKILL_MAX_BYTES, SkillName } from "./schemas";

/** Far below what a real skill needs; an alias bomb hits it at once. */
const MAX_ALIASES = 20;
export const FRONTMATTER_MAX_CHARS = 32 * 1024;
/** A frontmatter with every field at its limit takes about 1,000 tokens; parsing time grows with them. */
const FRONTMATTER_LIMITS: YamlLimits = { maxTokens: 5000, maxDepth: 8, maxAliases: MAX_ALIASES };

/** Frontmatter keys the skill form edits field by field. */
export const FORM_KEYS = new Set([
  "name",
  "description",
  "license",
  "compatibility",
  "metadata",
  "allowed-tools",
  "argument-hint",
  "user-invocable",
  "model",
]);

/** Keys of the Agent Skills format and of Claude Code's skills; anything else is kept with a warning. */
const KNOWN_KEYS = new Set([...FORM_KEYS, "disable-model-invocation", "context", "agent", "hooks"]);

export interface ParsedSkill {
  valid: boolean;
  /** why it is invalid; null when valid */
  error: string | null;
  warnings: string[];
  frontmatter: Record<string, unknown>;
  body: string;
  description: string;
  argumentHint: string | null;
  userInvocable: boolean;
  model: string | null;
  license: string | null;
  compatibility: string | null;
  allowedTools: string[];
  metadata: Record<string, string>;
}

function invalid(error: string, body = ""): ParsedSkill {
  return {
    valid: false,
    error,
    warnings: [],
    frontmatter: {},
    body,
    description: "",
    argumentHint: null,
    userInvocable: true,
    model: null,
    license: null,
    compatibility: null,
    allowedTools: [],
    metadata: {},
  };
}

/** `argument-hint: [topic]` is a YAML list; Claude Code's docs write hints that way, so a list of scalars reads back as text. */
const ArgumentHint = z.union([
  z.string(),
  z.array(z.union([z.string(), z.number()])).transform((items) => items.map((i) => `[${i}]`).join(" ")),
]);

const Frontmatter = z.looseObject({
  name: SkillName,
  description: z
    .string({ error: "must be text" })
    .trim()
    .min(1, "is empty")
    .max(DESCRIPTION_MAX, `is longer than ${DESCRIPTION_MAX} characters`)
    .superRefine(safeText({ multiline: true })),
  license: z.string({ error: "must be text" }).optional(),
  compatibility: z
    .string({ error: "must be text" })
    .max(COMPATIBILITY_MAX, `is longer than ${COMPATIBILITY_MAX} characters`)
    .optional(),
  metadata: z
    .record(z.string(), z.string({ error: "values must be text" }), { error: "must be a map of text values" })
    .optional(),
  "allowed-tools": z.union([z.string(), z.array(z.string())], { error: "must be text or a list of text" }).optional(),
  "argument-hint": ArgumentHint.optional(),
  "user-invocable": z.boolean({ error: "must be true or false" }).optional(),
  model: z.string({ error: "must be text" }).optional(),
  "disable-model-invocation": z.boolean({ error: "must be true or false" }).optional(),
});

/** Space- or comma-separated text (Agent Skills / Claude Code) or a YAML list; tool patterns keep their spaces inside (). */
export function splitAllowedTools(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value.map((t) => t.trim()).filter(Boolean);
  return (value.match(/[^\s,()]+(\([^)]*\))?/g) ?? []).map((t) => t.trim()).filter(Boolean);
}

/** Text of a file that must be UTF-8 without NUL bytes; null with a reason otherwise. */
export function decodeText(bytes: Uint8Array): { text: string } | { error: string } {
  if (bytes.includes(0)) return { error: "is binary (contains NUL bytes)" };
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    return { error: "is not valid UTF-8 text" };
  }
}

interface Split {
  yaml: string;
  yamlStartLine: number;
  body: string;
}

/** Finds the frontmatter block; a string is the reason it is missing or broken. */
function splitFrontmatter(text: string): Split | string {
  const lines = text.split("\n");
  if (lines[0].replace(/\r$/, "").trimEnd() !== "---")
    return "SKILL.md must start with YAML frontmatter: a first line of ---";
  const close = lines.findIndex((l, i) => i > 0 && l.replace(/\r$/, "").trimEnd() === "---");
  if (close < 0) return "frontmatter is not closed: no line of --- after the opening one";
  const body = lines
    .slice(close + 1)
    .join("\n")
    .replace(/^\r?\n/, "");
  return { yaml: lines.slice(1, close).join("\n"), yamlStartLine: 2, body };
}

function readYaml(split: Split): { value: unknown } | { error: string } {
  if (split.yaml.length > FRONTMATTER_MAX_CHARS)
    return { error: `frontmatter is larger than ${FRONTMATTER_MAX_CHARS / 1024} KB` };
  const { doc, lines, limit } = readYamlBounded(split.yaml, FRONTMATTER_LIMITS);
  const where = (offset: number | null) => {
    if (offset === null) return "";
    const pos = lines.linePos(offset);
    return ` (line ${pos.line + split.yamlStartLine - 1}, column ${pos.col})`;
  };
  if (!doc) return { error: `frontmatter is not accepted${where(limit!.offset)}: ${limit!.message}` };
  // One mistake, said once and plainly, at the line to fix (the parser reports follow-on errors after it).
  const problem = firstSyntaxProblem(split.yaml, doc.errors, lines);
  if (problem)
    return {
      error: `frontmatter is not valid YAML (line ${problem.line + split.yamlStartLine - 1}, column ${problem.column}): ${problem.message}`,
    };
  try {
    return { value: doc.toJS({ maxAliasCount: MAX_ALIASES }) };
  } catch (err) {
    // yaml throws when aliases expand past the limit ("Excessive alias count indicates a resource exhaustion attack").
    return { error: `frontmatter is not accepted: ${err instanceof Error ? err.message : String(err)}` };
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Map) && !(v instanceof Set);

function describeIssue(issue: z.core.$ZodIssue, raw: Record<string, unknown>): string {
  const field = issue.path.map(String).join(".") || "frontmatter";
  if (issue.code === "invalid_type" && issue.path.length === 1 && raw[String(issue.path[0])] === undefined)
    return `${field} is required`;
  const msg = issue.message.replace(/^Invalid input: /, "");
  return field === "name" ? `name: ${msg}` : `${field} ${msg}`;
}

/**
 * Parses SKILL.md text. `folder`, when given, is the folder (or library) name the skill must carry as `name`.
 * Never throws.
 */
export function parseSkillMd(text: string, folder?: string): ParsedSkill {
  if (new TextEncoder().encode(text).length > SKILL_MAX_BYTES)
    return invalid(`SKILL.md is larger than ${SKILL_MAX_BYTES / 1024} KB`);
  if (text.includes("\0")) return invalid("SKILL.md is binary (contains NUL bytes)");
  const split = splitFrontmatter(text.replace(/^\uFEFF/, ""));
  if (typeof split === "string") return invalid(split);
  const yaml = readYaml(split);
  if ("error" in yaml) return invalid(yaml.error, split.body);
  if (yaml.value === null || yaml.value === undefined)
    return invalid("frontmatter is empty: name and description are required", split.body);
  if (!isPlainObject(yaml.value)) return invalid("frontmatter must be a YAML mapping of keys to values", split.body);
  const raw = yaml.value;
  const parsed = Frontmatter.safeParse(raw);
  if (!parsed.success) return invalid(describeIssue(parsed.error.issues[0], raw), split.body);
  const fm = parsed.data;
  if (folder !== undefined && fm.name !== folder) {
    return invalid(`name "${fm.name}" must equal the folder name "${folder}"`, split.body);
  }
  return {
    valid: true,
    error: null,
    warnings: Object.keys(raw)
      .filter((k) => !KNOWN_KEYS.has(k))
      .map((k) => `unknown frontmatter key "${k}" (kept)`),
    frontmatter: raw,
    body: split.body,
    description: fm.description,
    argumentHint: fm["argument-hint"]?.trim() || null,
    userInvocable: fm["user-invocable"] ?? true,
    model: fm.model?.trim() || null,
    license: fm.license?.trim() || null,
    compatibility: fm.compatibility?.trim() || null,
    allowedTools: splitAllowedTools(fm["allowed-tools"]),
    metadata: fm.metadata ?? {},
  };
}
