// `{{input.key}}`, `{{steps.<id>.output}}` and `{{steps.<approval id>.comment}}` (the deciding comment of an approval
// step) in step messages, titles and descriptions: what they name (checked when a definition is saved) and what they
// render to (when the step starts). Missing values render "".

// One greedy class between the braces, trimmed afterwards: `\s*([^{}]*?)\s*` here backtracked cubically over a
// `{{` followed by spaces and no `}}` (4,000 spaces took 40 s).
const TEMPLATE = /\{\{([^{}]*)\}\}/g;
const INPUT_REF = /^input\.([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)$/;
const STEP_REF = /^steps\.([A-Za-z][A-Za-z0-9_-]*)\.(output|comment)$/;

export type TemplateRef =
  | { kind: "input"; path: string[]; text: string }
  | { kind: "step"; stepId: string; field: "output" | "comment"; text: string }
  | { kind: "unknown"; text: string };

export interface TemplateContext {
  input: Record<string, unknown>;
  /** the latest output of each step that ran so far (and an approval step's deciding comment) */
  steps: Record<string, { output: string | null; comment?: string | null }>;
}

function classify(raw: string): TemplateRef {
  const expr = raw.trim();
  const input = INPUT_REF.exec(expr);
  if (input) return { kind: "input", path: input[1].split("."), text: expr };
  const step = STEP_REF.exec(expr);
  if (step) return { kind: "step", stepId: step[1], field: step[2] as "output" | "comment", text: expr };
  return { kind: "unknown", text: expr };
}

export function templateRefs(text: string): TemplateRef[] {
  return [...text.matchAll(TEMPLATE)].map((m) => classify(m[1]));
}

function lookup(value: unknown, path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== "object" || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function stringify(value: unknown): string {
  if (value === undefined || value === null) return "";
  return typeof value === "string" ? value : JSON.stringify(value);
}

export function renderTemplate(text: string, ctx: TemplateContext): string {
  return text.replace(TEMPLATE, (_match, expr: string) => {
    const ref = classify(expr);
    if (ref.kind === "input") return stringify(lookup(ctx.input, ref.path));
    if (ref.kind === "step") return ctx.steps[ref.stepId]?.[ref.field] ?? "";
    return "";
  });
}
