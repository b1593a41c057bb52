// Reads a process definition from YAML: syntax, shape (unknown keys are errors), and the rules between steps
// (unique ids, on_reject targets, templates naming earlier steps, known agents). Every error carries the line and
// column of the offending node, so the editor can mark it. Browser-safe: the caller passes which agents exist.
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Document, type Node } from "yaml";
import type { z } from "zod";
import { templateRefs } from "./templates";
import {
  ProcessDefinition,
  ProcessStep,
  summarizeSteps,
  type ProcessStepSummary,
  type YamlError,
} from "./schemas";

type Path = (string | number)[];

export interface DefinitionCheck {
  definition: ProcessDefinition | null;
  errors: YamlError[];
  steps: ProcessStepSummary[];
}

export interface CheckOptions {
  /** false for an agent name that does not exist; omitted: agents are not checked */
  agentExists?: (name: string) => boolean;
}

/** `steps[1].on_reject` */
export function formatPath(path: Path): string {
  return path.reduce<string>((acc, p) => (typeof p === "number" ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), "");
}

class ErrorList {
  readonly errors: YamlError[] = [];
  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  /** An error at the node of `path` (the nearest existing parent when it is missing); `key` points at a map key. */
  add(path: Path, message: string, key?: string): void {
    const offset = this.offsetOf(path, key);
    const pos = offset === null ? null : this.lines.linePos(offset);
    this.errors.push({ message, line: pos?.line ?? null, column: pos?.col ?? null, path: formatPath(key ? [...path, key] : path) || null });
  }

  private offsetOf(path: Path, key?: string): number | null {
    for (let n = path.length; n >= 0; n -= 1) {
      const node = this.doc.getIn(path.slice(0, n), true) as Node | undefined;
      if (!node || !("range" in node) || !node.range) continue;
      if (key !== undefined && n === path.length && isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
        const keyNode = pair?.key as Node | undefined;
        if (keyNode?.range) return keyNode.range[0];
      }
      return node.range[0];
    }
    return null;
  }
}

function syntaxErrors(doc: Document): YamlError[] {
  return doc.errors.map((e) => ({
    message: e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, ""),
    line: e.linePos?.[0].line ?? null,
    column: e.linePos?.[0].col ?? null,
    path: null,
  }));
}

function addShapeErrors(list: ErrorList, error: z.ZodError): void {
  for (const issue of error.issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) list.add(path, `unknown key "${key}"`, key);
    } else {
      list.add(path, issue.message);
    }
  }
}

const TEMPLATED_FIELDS = ["message", "title", "description"] as const;

/**
 * The steps as far as they could be read: each step's own value when it has a valid shape (null otherwise), and the
 * id it names either way, so the rules between steps are checked even while another step still has shape errors.
 */
interface StepsRead {
  steps: (ProcessStep | null)[];
  ids: (string | null)[];
}

function checkTemplates(list: ErrorList, read: StepsRead, index: number): void {
  const step = read.steps[index]!;
  const earlier = new Set(read.ids.slice(0, index));
  const ids = new Set(read.ids);
  for (const field of TEMPLATED_FIELDS) {
    const text = (step as Record<string, unknown>)[field];
    if (typeof text !== "string") continue;
    for (const ref of templateRefs(text)) {
      const at: Path = ["steps", index, field];
      if (ref.kind === "unknown") list.add(at, `unknown template "{{${ref.text}}}"; use {{input.<key>}} or {{steps.<id>.output}}`);
      else if (ref.kind === "step" && !earlier.has(ref.stepId)) {
        list.add(at, ids.has(ref.stepId) ? `step "${ref.stepId}" does not come before "${step.id}"` : `no step "${ref.stepId}" in this process`);
      }
    }
  }
}

function checkStep(list: ErrorList, read: StepsRead, index: number, opts: CheckOptions): void {
  const step = read.steps[index];
  if (!step) return;
  if (read.ids.indexOf(step.id) < index) list.add(["steps", index, "id"], `duplicate step id "${step.id}"`);
  checkTemplates(list, read, index);
  if (step.type === "agent_task") {
    if (opts.agentExists && !opts.agentExists(step.agent)) list.add(["steps", index, "agent"], `no agent named "${step.agent}"`);
    return;
  }
  const target = step.on_reject;
  if (target !== undefined && target !== "cancel") {
    if (target === step.id) list.add(["steps", index, "on_reject"], "a step cannot go back to itself on reject");
    else if (!read.ids.includes(target)) list.add(["steps", index, "on_reject"], `no step "${target}" in this process; use a step id or "cancel"`);
  }
  const named = step.approvers ?? [];
  const required = step.required_approvals ?? 1;
  if (named.length > 0 && named.every((a) => !a.startsWith("role:")) && required > named.length) {
    list.add(["steps", index, "required_approvals"], `needs ${required} approvals but names ${named.length} approver(s)`);
  }
}

function checkSteps(list: ErrorList, read: StepsRead, opts: CheckOptions): void {
  read.steps.forEach((_, i) => checkStep(list, read, i, opts));
}

/** The `steps` list of a definition that does not validate as a whole, as written. */
function rawSteps(raw: unknown): unknown[] {
  const steps = (raw as { steps?: unknown })?.steps;
  return Array.isArray(steps) ? steps : [];
}

/** Each raw step on its own. */
function readStepsRoughly(steps: unknown[]): StepsRead {
  return {
    steps: steps.map((s) => {
      const parsed = ProcessStep.safeParse(s);
      return parsed.success ? parsed.data : null;
    }),
    ids: steps.map((s) => {
      const id = (s as { id?: unknown } | null)?.id;
      return typeof id === "string" ? id : null;
    }),
  };
}

/** Best-effort step list of a definition that does not validate, so the editor can still show its outline. */
function roughSteps(steps: unknown[]): ProcessStepSummary[] {
  return steps.flatMap((s) => {
    const { id, type, agent, title } = (s ?? {}) as Record<string, unknown>;
    if (typeof id !== "string" || (type !== "agent_task" && type !== "human_approval")) return [];
    const label = type === "agent_task" ? agent : title;
    return [{ id, type, label: typeof label === "string" ? label : "" }];
  });
}

export function checkProcessYaml(text: string, opts: CheckOptions = {}): DefinitionCheck {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) return { definition: null, errors: syntaxErrors(doc), steps: [] };
  const list = new ErrorList(doc, lines);
  if (doc.contents === null) {
    list.add([], "the definition is empty; it needs name and steps");
    return { definition: null, errors: list.errors, steps: [] };
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    list.add([], err instanceof Error ? err.message : "the YAML could not be read");
    return { definition: null, errors: list.errors, steps: [] };
  }
  const parsed = ProcessDefinition.safeParse(raw);
  if (!parsed.success) {
    addShapeErrors(list, parsed.error);
    const steps = rawSteps(raw);
    checkSteps(list, readStepsRoughly(steps), opts);
    list.errors.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity) || (a.column ?? 0) - (b.column ?? 0));
    return { definition: null, errors: list.errors, steps: roughSteps(steps) };
  }
  const { steps: all } = parsed.data;
  checkSteps(list, { steps: all, ids: all.map((s) => s.id) }, opts);
  const steps = summarizeSteps(parsed.data);
  return list.errors.length > 0 ? { definition: null, errors: list.errors, steps } : { definition: parsed.data, errors: [], steps };
}

/** One line for an error list: `line 5, column 7: steps[1].on_reject: no step "x" in this process` */
export function describeYamlError(e: YamlError): string {
  const where = e.line !== null ? `line ${e.line}, column ${e.column}: ` : "";
  return `${where}${e.path ? `${e.path}: ` : ""}${e.message}`;
}
