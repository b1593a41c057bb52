// Reads a process definition from YAML: syntax, shape (unknown keys are errors), and the rules between steps
// (unique ids, on_reject targets, templates naming earlier steps, known agents). Every error carries the line and
// column of the offending node, so the editor can mark it. Browser-safe: the caller passes which agents exist.
import { type Document, isMap, isPair, isScalar, type LineCounter, type Node } from "yaml";
import type { z } from "zod";
import { readYamlBounded } from "@/lib/text/bounded-yaml";
import { closest } from "@/lib/text/closest";
import { isMissing, plainMessage } from "@/lib/text/plain-issues";
import { firstSyntaxProblem } from "@/lib/text/yaml-syntax";
import { hasReminders, reminderCount, reminderScheduleOf } from "./reminders";
import {
  AgentTaskStep,
  durationSeconds,
  HumanApprovalStep,
  PROCESS_LIMITS,
  ProcessDefinition,
  ProcessStep,
  type ProcessStepSummary,
  summarizeSteps,
  type YamlError,
} from "./schemas";
import { templateRefs } from "./templates";

type Path = (string | number)[];

export interface DefinitionCheck {
  definition: ProcessDefinition | null;
  errors: YamlError[];
  steps: ProcessStepSummary[];
  /** a limit of PROCESS_LIMITS the text passes (then it was not read further, and `errors` holds only this) */
  limit: YamlError | null;
}

/** More problems than this are counted, not placed: a list that long is not read, and placing each one costs. */
const MAX_REPORTED_ERRORS = 50;

export interface CheckOptions {
  /** false for an agent name that does not exist; omitted: agents are not checked */
  agentExists?: (name: string) => boolean;
  /** false for an approver group that does not exist; omitted: groups are not checked */
  groupExists?: (name: string) => boolean;
}

/** `steps[1].on_reject` */
export function formatPath(path: Path): string {
  return path.reduce<string>((acc, p) => (typeof p === "number" ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), "");
}

class ErrorList {
  readonly errors: YamlError[] = [];
  /** problems found beyond MAX_REPORTED_ERRORS */
  unplaced = 0;
  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  /** An error at the node of `path` (the nearest existing parent when it is missing); `key` points at a map key. */
  add(path: Path, message: string, key?: string): void {
    if (this.errors.length >= MAX_REPORTED_ERRORS) {
      this.unplaced += 1;
      return;
    }
    const offset = this.offsetOf(path, key);
    const pos = offset === null ? null : this.lines.linePos(offset);
    this.errors.push({
      message,
      line: pos?.line ?? null,
      column: pos?.col ?? null,
      path: formatPath(key ? [...path, key] : path) || null,
    });
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

/** A closing line for a list cut at MAX_REPORTED_ERRORS. */
function moreProblems(count: number): YamlError {
  return {
    message: `${count} more problem${count === 1 ? "" : "s"} not listed; fix these first`,
    line: null,
    column: null,
    path: null,
  };
}

/**
 * One error for a text that is not YAML: a syntax mistake makes the parser report more errors after it, which go
 * away with it, so only the first is shown, at the line to fix.
 */
function syntaxErrors(text: string, doc: Document, lines: LineCounter): YamlError[] {
  const problem = firstSyntaxProblem(text, doc.errors, lines);
  return problem ? [{ message: problem.message, line: problem.line, column: problem.column, path: null }] : [];
}

/** What the text passes before it is even parsed: its size and how many templates it holds. */
function textLimitError(text: string): YamlError | null {
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > PROCESS_LIMITS.yamlBytes) {
    return {
      message: `the definition is larger than ${PROCESS_LIMITS.yamlBytes / 1024} KB`,
      line: null,
      column: null,
      path: null,
      limit: PROCESS_LIMITS.yamlBytes,
    };
  }
  let templates = 0;
  for (let i = text.indexOf("{{"); i >= 0; i = text.indexOf("{{", i + 2)) {
    if (++templates > PROCESS_LIMITS.templates) {
      const pos = lineAndColumn(text, i);
      const max = PROCESS_LIMITS.templates.toLocaleString("en-US");
      return {
        message: `more than ${max} templates ({{…}}) in one definition`,
        ...pos,
        path: null,
        limit: PROCESS_LIMITS.templates,
      };
    }
  }
  return null;
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) {
    line += 1;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

const STEP_TYPES = ["agent_task", "human_approval"] as const;
const TOP_KEYS = Object.keys(ProcessDefinition.shape);
const STEP_KEYS: Record<string, string[]> = {
  agent_task: Object.keys(AgentTaskStep.shape),
  human_approval: Object.keys(HumanApprovalStep.shape),
};

/** The value at `path` in the definition as written. */
function valueAt(raw: unknown, path: Path): unknown {
  return path.reduce<unknown>(
    (v, p) => (v !== null && typeof v === "object" ? (v as Record<string | number, unknown>)[p] : undefined),
    raw,
  );
}

/** The keys the map at `path` may have: the definition's, or a step's (by its type; both types' when unknown). */
function knownKeys(raw: unknown, path: Path): string[] {
  if (path.length === 0) return TOP_KEYS;
  if (path.length === 2 && path[0] === "steps") {
    const type = valueAt(raw, [...path, "type"]);
    return typeof type === "string" && STEP_KEYS[type]
      ? STEP_KEYS[type]
      : [...new Set(Object.values(STEP_KEYS).flat())];
  }
  return [];
}

function unknownStepType(value: unknown): string {
  const either = 'use "agent_task" or "human_approval"';
  if (value === undefined) return `the step has no "type"; ${either}`;
  if (typeof value !== "string") return `unknown step type; ${either}`;
  const hint = closest(value, STEP_TYPES);
  return hint ? `unknown step type "${value}"; did you mean "${hint}"?` : `unknown step type "${value}"; ${either}`;
}

/**
 * One error per mistake: a misspelt key is one mistake, so the key it was meant to be is not also reported missing,
 * and an unknown step type is not followed by the errors of a type it is not.
 */
function addShapeErrors(list: ErrorList, error: z.ZodError, raw: unknown): void {
  const meant = new Set<string>();
  const issues = error.issues.map((issue) => ({
    issue,
    path: issue.path.filter((p): p is string | number => typeof p !== "symbol"),
  }));
  for (const { issue, path } of issues) {
    if (issue.code !== "unrecognized_keys") continue;
    for (const key of issue.keys) {
      const hint = closest(
        key,
        knownKeys(raw, path).filter((k) => valueAt(raw, [...path, k]) === undefined),
      );
      if (hint) meant.add(formatPath([...path, hint]));
      list.add(path, hint ? `unknown key "${key}"; did you mean "${hint}"?` : `unknown key "${key}"`, key);
    }
  }
  for (const { issue, path } of issues) {
    if (issue.code === "unrecognized_keys" || meant.has(formatPath(path))) continue;
    const last = path[path.length - 1];
    if (path.length === 3 && path[0] === "steps" && last === "type")
      list.add(path, unknownStepType(valueAt(raw, path)));
    else if (isMissing(issue) && typeof last === "string") list.add(path.slice(0, -1), `"${last}" is missing`);
    else
      list.add(
        path,
        plainMessage(issue, typeof last === "string" ? last : "the value", typeof last === "string" ? last : ""),
      );
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
  /** where each id first appears: what "comes before" and "is a duplicate" are answered from */
  firstIndex: Map<string, number>;
}

function stepsRead(steps: (ProcessStep | null)[], ids: (string | null)[]): StepsRead {
  const firstIndex = new Map<string, number>();
  ids.forEach((id, i) => {
    if (id !== null && !firstIndex.has(id)) firstIndex.set(id, i);
  });
  return { steps, ids, firstIndex };
}

/**
 * Whether the approval step at `from` may name its comment in the step at `index`: it comes before, or its on_reject
 * path leads back to it (a rejection goes to on_reject's step and on from there).
 */
function commentReaches(read: StepsRead, from: number, index: number): boolean {
  if (from < index) return true;
  const step = read.steps[from];
  const target = step?.type === "human_approval" ? step.on_reject : undefined;
  const targetIndex = target === undefined ? undefined : read.firstIndex.get(target);
  return targetIndex !== undefined && targetIndex <= index && from !== index;
}

function checkCommentRef(list: ErrorList, read: StepsRead, index: number, at: Path, stepId: string): void {
  const from = read.firstIndex.get(stepId);
  const named = from === undefined ? undefined : read.steps[from];
  if (from === undefined) list.add(at, `no step "${stepId}" in this process`);
  else if (named && named.type !== "human_approval")
    list.add(at, `{{steps.${stepId}.comment}}: "${stepId}" is not a human_approval step; use .output`);
  else if (!commentReaches(read, from, index))
    list.add(at, `step "${stepId}" does not come before "${read.steps[index]!.id}", nor does its on_reject lead here`);
}

function checkTemplates(list: ErrorList, read: StepsRead, index: number): void {
  const step = read.steps[index]!;
  for (const field of TEMPLATED_FIELDS) {
    const text = (step as Record<string, unknown>)[field];
    if (typeof text !== "string") continue;
    for (const ref of templateRefs(text)) {
      const at: Path = ["steps", index, field];
      if (ref.kind === "unknown")
        list.add(
          at,
          `unknown template "{{${ref.text}}}"; use {{input.<key>}}, {{steps.<id>.output}} or {{steps.<id>.comment}}`,
        );
      else if (ref.kind === "step" && ref.field === "comment") checkCommentRef(list, read, index, at, ref.stepId);
      else if (ref.kind === "step" && !((read.firstIndex.get(ref.stepId) ?? Infinity) < index)) {
        const exists = read.firstIndex.has(ref.stepId);
        list.add(
          at,
          exists ? `step "${ref.stepId}" does not come before "${step.id}"` : `no step "${ref.stepId}" in this process`,
        );
      }
    }
  }
}

function checkStep(list: ErrorList, read: StepsRead, index: number, opts: CheckOptions): void {
  const step = read.steps[index];
  if (!step) return;
  if (read.firstIndex.get(step.id)! < index) list.add(["steps", index, "id"], `duplicate step id "${step.id}"`);
  checkTemplates(list, read, index);
  if (step.type === "agent_task") {
    if (opts.agentExists && !opts.agentExists(step.agent))
      list.add(["steps", index, "agent"], `no agent named "${step.agent}"`);
    return;
  }
  const target = step.on_reject;
  if (target !== undefined && target !== "cancel") {
    if (target === step.id) list.add(["steps", index, "on_reject"], "a step cannot go back to itself on reject");
    else if (!read.firstIndex.has(target))
      list.add(["steps", index, "on_reject"], `no step "${target}" in this process; use a step id or "cancel"`);
  }
  checkReminders(list, step, index);
  const named = step.approvers ?? [];
  for (const key of ["approvers", "escalate_to"] as const) {
    (step[key] ?? []).forEach((a, i) => {
      if (a.startsWith("group:") && opts.groupExists && !opts.groupExists(a.slice(6)))
        list.add(["steps", index, key, i], `no approver group named "${a.slice(6)}"`);
    });
  }
  const required = step.required_approvals ?? 1;
  const people = named.every((a) => !a.startsWith("role:") && !a.startsWith("group:"));
  if (named.length > 0 && people && required > named.length) {
    list.add(
      ["steps", index, "required_approvals"],
      `needs ${required} approvals but names ${named.length} approver(s)`,
    );
  }
}

/** The reminder and escalation keys of an approval step, against each other and its timeout. */
function checkReminders(list: ErrorList, step: HumanApprovalStep, index: number): void {
  const at = (key: string): Path => ["steps", index, key];
  const timeout = step.timeout ? durationSeconds(step.timeout) : null;
  if (step.reminders) {
    if (timeout === null) list.add(at("reminders"), "reminders count back from the deadline: add a timeout");
    else
      step.reminders.forEach((r, i) => {
        if (durationSeconds(r) >= timeout)
          list.add(
            [...at("reminders"), i],
            `${r} before the deadline is not after the request (timeout: ${step.timeout})`,
          );
      });
  }
  if (step.remind_every && timeout !== null && durationSeconds(step.remind_every) >= timeout)
    list.add(
      at("remind_every"),
      `every ${step.remind_every} never comes before the deadline (timeout: ${step.timeout})`,
    );
  if (step.escalate_after !== undefined && !step.escalate_to)
    list.add(at("escalate_after"), "escalate_after needs escalate_to: the approvers to add");
  if (!step.escalate_to) return;
  if (!step.approvers?.length)
    list.add(
      at("escalate_to"),
      "escalation adds approvers to those named: without approvers, anyone signed in decides",
    );
  const schedule = reminderScheduleOf(step);
  if (!hasReminders(schedule)) {
    list.add(at("escalate_to"), "escalation follows an unanswered reminder: add reminders or remind_every");
    return;
  }
  const after = step.escalate_after ?? 1;
  const count = reminderCount(schedule, timeout);
  if (count <= after)
    list.add(
      at(step.escalate_after !== undefined ? "escalate_after" : "escalate_to"),
      `escalation comes with reminder ${after + 1}, but this step has ${count} reminder${count === 1 ? "" : "s"} before its deadline`,
    );
}

function checkSteps(list: ErrorList, read: StepsRead, opts: CheckOptions): void {
  for (let i = 0; i < read.steps.length; i++) checkStep(list, read, i, opts);
}

/** The `steps` list of a definition that does not validate as a whole, as written. */
function rawSteps(raw: unknown): unknown[] {
  const steps = (raw as { steps?: unknown })?.steps;
  return Array.isArray(steps) ? steps : [];
}

/** Each raw step on its own. */
function readStepsRoughly(steps: unknown[]): StepsRead {
  return stepsRead(
    steps.map((s) => {
      const parsed = ProcessStep.safeParse(s);
      return parsed.success ? parsed.data : null;
    }),
    steps.map((s) => {
      const id = (s as { id?: unknown } | null)?.id;
      return typeof id === "string" ? id : null;
    }),
  );
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

function overLimit(error: YamlError): DefinitionCheck {
  return { definition: null, errors: [error], steps: [], limit: error };
}

/** The list as reported: in line order, and cut at MAX_REPORTED_ERRORS with a line saying how many more. */
function reported(list: ErrorList): YamlError[] {
  const errors = list.errors.sort(
    (a, b) => (a.line ?? Infinity) - (b.line ?? Infinity) || (a.column ?? 0) - (b.column ?? 0),
  );
  return list.unplaced > 0 ? [...errors, moreProblems(list.unplaced)] : errors;
}

export function checkProcessYaml(text: string, opts: CheckOptions = {}): DefinitionCheck {
  const tooBig = textLimitError(text);
  if (tooBig) return overLimit(tooBig);
  const { doc, lines, limit } = readYamlBounded(text, {
    maxTokens: PROCESS_LIMITS.tokens,
    maxDepth: PROCESS_LIMITS.depth,
    maxAliases: PROCESS_LIMITS.aliases,
  });
  if (!doc) {
    const pos = limit!.offset === null ? null : lines.linePos(limit!.offset);
    return overLimit({
      message: limit!.message,
      line: pos?.line ?? null,
      column: pos?.col ?? null,
      path: null,
      limit: limit!.limit,
    });
  }
  if (doc.errors.length > 0)
    return { definition: null, errors: syntaxErrors(text, doc, lines), steps: [], limit: null };
  const list = new ErrorList(doc, lines);
  if (doc.contents === null) {
    list.add([], "the definition is empty; it needs name and steps");
    return { definition: null, errors: list.errors, steps: [], limit: null };
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    list.add([], err instanceof Error ? err.message : "the YAML could not be read");
    return { definition: null, errors: list.errors, steps: [], limit: null };
  }
  const steps = rawSteps(raw);
  if (steps.length > PROCESS_LIMITS.steps) {
    // Refused before any per-step work, which grows with the number of steps.
    list.add(["steps"], `more than ${PROCESS_LIMITS.steps} steps (${steps.length})`);
    return overLimit({ ...list.errors[0], limit: PROCESS_LIMITS.steps });
  }
  const parsed = ProcessDefinition.safeParse(raw);
  if (!parsed.success) {
    addShapeErrors(list, parsed.error, raw);
    checkSteps(list, readStepsRoughly(steps), opts);
    return { definition: null, errors: reported(list), steps: roughSteps(steps), limit: null };
  }
  const { steps: all } = parsed.data;
  checkSteps(
    list,
    stepsRead(
      all,
      all.map((s) => s.id),
    ),
    opts,
  );
  const summary = summarizeSteps(parsed.data);
  if (list.errors.length > 0) return { definition: null, errors: reported(list), steps: summary, limit: null };
  return { definition: parsed.data, errors: [], steps: summary, limit: null };
}

/** One line for an error list: `line 5, column 7: steps[1].on_reject: no step "x" in this process` */
export function describeYamlError(e: YamlError): string {
  const where = e.line !== null ? `line ${e.line}, column ${e.column}: ` : "";
  return `${where}${e.path ? `${e.path}: ` : ""}${e.message}`;
}
