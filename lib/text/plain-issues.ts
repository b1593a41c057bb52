// Zod's issues said the way a person reads them: "Name is required", "Retries must be at most 10",
// "Unknown field "cron_expression"; did you mean "cron"?". The field stays machine-readable next to it. Browser-safe.
import type { z } from "zod";
import { didYouMean } from "./closest";

type Issue = z.core.$ZodIssue;

/** Names whose plain label is not just their words. */
const LABELS: Record<string, string> = {
  cron: "Cron expression",
  timezone: "Time zone",
  timeoutSeconds: "Timeout",
  retryCount: "Retries",
  retryBackoffSeconds: "Retry backoff",
  overlapPolicy: "Overlap policy",
  catchUpPolicy: "Catch-up policy",
  expiresInDays: "Expiry in days",
  runnerName: "Runner",
  userInvocable: "People can run it",
  yaml: "Definition",
  "(body)": "The request body",
};

function words(name: string): string {
  const spaced = name
    .replace(/[_-]+/g, " ")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .trim();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** `name` → "Name", `files.0.path` → "File 1 path", `concurrencyLimit` → "Concurrency limit". */
export function fieldLabel(field: string): string {
  // Own keys only: a field may be named anything, "__proto__" included.
  const known = (name: string) => (Object.hasOwn(LABELS, name) ? LABELS[name] : undefined);
  if (known(field)) return known(field)!;
  const parts = field.split(".");
  const out: string[] = [];
  for (const part of parts) {
    if (/^\d+$/.test(part) && out.length > 0) {
      // "files" then "0": the first of the files, "File 1"
      out[out.length - 1] = `${out[out.length - 1].replace(/s$/, "")} ${Number(part) + 1}`;
    } else out.push(out.length === 0 ? (known(part) ?? words(part)) : words(part).toLowerCase());
  }
  return out.join(" ");
}

/** Zod's own wording, as opposed to a message a schema wrote for its field. */
const ZOD_DEFAULT =
  /^(Invalid input|Too small|Too big|Invalid option|Invalid string|Invalid email|Invalid URL|Invalid UUID|Invalid number|Unrecognized key|Invalid key|Invalid element|Invalid$)/;

const TYPE_NAMES: Record<string, string> = {
  string: "text",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "an object",
  record: "an object",
  date: "a date",
  bigint: "a whole number",
};

function sizeWord(origin: string | undefined): string {
  if (origin === "string") return " characters";
  if (origin === "array" || origin === "set") return " items";
  return "";
}

/** What is wrong with the field, phrased to follow its label: "is required", "must be at most 10". */
function predicate(issue: Issue): string {
  switch (issue.code) {
    case "invalid_type":
      if (isMissing(issue)) return "is required";
      return `must be ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    case "too_small": {
      const min = Number(issue.minimum);
      if (issue.origin === "string" && min === 1) return "is required";
      if (issue.origin === "array" && min === 1) return "needs at least one item";
      return `must be at least ${min}${sizeWord(issue.origin)}`;
    }
    case "too_big":
      return `must be at most ${Number(issue.maximum)}${sizeWord(issue.origin)}`;
    case "invalid_value":
      return issue.values.length === 1
        ? `must be ${JSON.stringify(issue.values[0])}`
        : `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "invalid_format":
      return issue.format === "email"
        ? "must be an email address"
        : issue.format === "url"
          ? "must be a web address"
          : "is not in the expected form";
    default:
      return "is not valid";
  }
}

/** Joins a label and a schema's own message: "Name" + "is required", "Message" + "message is empty", "Cron" + "expected…". */
export function sentence(label: string, message: string, field = ""): string {
  if (message.toLowerCase().startsWith(`${label.toLowerCase()} `)) return `${label}${message.slice(label.length)}`;
  const last = field.split(".").pop() ?? "";
  if (last && message.toLowerCase().startsWith(`${last.toLowerCase()} `))
    return `${label}${message.slice(last.length)}`;
  if (/^(is|are|must|needs?|has|have|should|cannot|can't|may)\b/.test(message)) return `${label} ${message}`;
  return `${label}: ${message}`;
}

/** Whether the issue is a value that is not there at all (as opposed to one of the wrong kind). */
export function isMissing(issue: Issue): boolean {
  return issue.code === "invalid_type" && /received undefined$/.test(issue.message);
}

/** The issue as a sentence about `label`: zod's own wording replaced, a schema's message joined to the label. */
export function plainMessage(issue: Issue, label: string, field = ""): string {
  return ZOD_DEFAULT.test(issue.message) ? `${label} ${predicate(issue)}` : sentence(label, issue.message, field);
}

export interface PlainIssue {
  field: string;
  message: string;
}

/**
 * One entry per problem, each naming its field by path and saying what is wrong in a sentence. An unknown key is
 * named as the field itself, one entry per key; `knownKeys` (the keys the object at a path accepts) adds a hint.
 */
export function plainIssues(
  issues: readonly Issue[],
  knownKeys?: (path: PropertyKey[]) => readonly string[],
): PlainIssue[] {
  const fieldOf = (path: PropertyKey[]) => path.map(String).join(".") || "(body)";
  return issues.flatMap((issue): PlainIssue[] => {
    if (issue.code === "unrecognized_keys") {
      const known = knownKeys?.(issue.path) ?? [];
      return issue.keys.map((key) => ({
        field: fieldOf([...issue.path, key]),
        message: `Unknown field "${key}"${didYouMean(key, known)}`,
      }));
    }
    const field = fieldOf(issue.path);
    const label = fieldLabel(field);
    return [{ field, message: plainMessage(issue, label, field) }];
  });
}

interface DefLike {
  type: string;
  shape?: Record<string, unknown>;
  innerType?: unknown;
  element?: unknown;
  in?: unknown;
  options?: unknown[];
  valueType?: unknown;
}

const defOf = (schema: unknown): DefLike | undefined => (schema as { _zod?: { def?: DefLike } })?._zod?.def;

/** The keys an object schema accepts at `path` (through optionals, arrays, unions), for "did you mean" hints. */
export function schemaKeysAt(schema: unknown, path: readonly PropertyKey[]): string[] {
  let nodes: unknown[] = [schema];
  const expand = (list: unknown[]): unknown[] =>
    list.flatMap((s) => {
      const def = defOf(s);
      if (!def) return [];
      if (def.innerType) return expand([def.innerType]);
      if (def.type === "pipe") return expand([def.in]);
      if (def.options) return expand(def.options);
      return [s];
    });
  for (const segment of path) {
    nodes = expand(nodes).flatMap((s) => {
      const def = defOf(s)!;
      if (def.type === "object") return def.shape?.[String(segment)] ? [def.shape[String(segment)]] : [];
      if (def.type === "array") return [def.element];
      if (def.type === "record") return [def.valueType];
      return [];
    });
  }
  return [
    ...new Set(expand(nodes).flatMap((s) => (defOf(s)?.type === "object" ? Object.keys(defOf(s)!.shape ?? {}) : []))),
  ];
}
