// The skill form's values, how they start from a skill, what the browser can check, and how they become a request body.
import { ApiError, formErrors } from "@/lib/client/api";
import type { SkillBody } from "@/lib/client/skills";
import type { SkillDto } from "@/lib/skills/schemas";

export interface SkillFileValue {
  /** stable React key; files have no id of their own */
  key: string;
  path: string;
  content: string;
}

export interface SkillFormValues {
  name: string;
  description: string;
  argumentHint: string;
  userInvocable: boolean;
  /** "" is no model of its own (the agent's applies) */
  model: string;
  license: string;
  compatibility: string;
  /** space separated, as in SKILL.md */
  allowedTools: string;
  /** one `key: value` per line */
  metadata: string;
  body: string;
  files: SkillFileValue[];
}

export type SkillFormField = Exclude<keyof SkillFormValues, "files"> | "files";
export type SkillFormErrors = Partial<Record<SkillFormField, string>>;

/** What the reason beside the button calls the fields the browser checks. */
export const SKILL_LABELS: Partial<Record<SkillFormField, string>> = {
  name: "Name",
  description: "Description",
  compatibility: "Compatibility",
  metadata: "Metadata",
  files: "Files",
};

const FIELDS: SkillFormField[] = [
  "name",
  "description",
  "argumentHint",
  "userInvocable",
  "model",
  "license",
  "compatibility",
  "allowedTools",
  "metadata",
  "body",
  "files",
];

const NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;
let fileKeys = 0;
export const newFileValue = (path = "", content = ""): SkillFileValue => ({ key: `file-${++fileKeys}`, path, content });

export function initialSkillValues(skill?: SkillDto): SkillFormValues {
  return {
    name: skill?.name ?? "",
    description: skill?.description ?? "",
    argumentHint: skill?.argumentHint ?? "",
    userInvocable: skill?.userInvocable ?? true,
    model: skill?.model ?? "",
    license: skill?.license ?? "",
    compatibility: skill?.compatibility ?? "",
    allowedTools: skill?.allowedTools.join(" ") ?? "",
    metadata: Object.entries(skill?.metadata ?? {})
      .map(([k, v]) => `${k}: ${v}`)
      .join("\n"),
    body: skill?.body ?? "",
    files: (skill?.files ?? []).map((f) => newFileValue(f.path, f.content)),
  };
}

function parseMetadata(text: string): Record<string, string> | string {
  const metadata: Record<string, string> = {};
  for (const [index, raw] of text.split("\n").entries()) {
    const line = raw.trim();
    if (!line) continue;
    const colon = line.indexOf(":");
    if (colon <= 0) return `Line ${index + 1}: write key: value`;
    metadata[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return metadata;
}

function filesProblem(files: SkillFileValue[]): string | undefined {
  const seen = new Set<string>();
  for (const f of files) {
    const path = f.path.trim();
    if (!path) return "Give every file a path, or remove it";
    if (path.startsWith("/") || path.split("/").some((s) => s === ".." || s === "." || s === ""))
      return `${path}: use a relative path inside the skill folder`;
    if (path === "SKILL.md") return "SKILL.md is written from the fields above";
    if (seen.has(path)) return `${path} is listed twice`;
    seen.add(path);
  }
  return undefined;
}

const orNull = (text: string) => text.trim() || null;

/** Checks what the browser can check; the API checks again and names the field if it disagrees. */
export function toSkillBody(
  values: SkillFormValues,
  creating: boolean,
): { body: SkillBody } | { errors: SkillFormErrors } {
  const errors: SkillFormErrors = {};
  if (creating && !NAME.test(values.name))
    errors.name = "Use lowercase letters, digits and single hyphens, e.g. release-notes";
  else if (creating && values.name.length > 64) errors.name = "Use at most 64 characters";
  if (!values.description.trim()) errors.description = "Say what the skill does and when to use it";
  else if (values.description.length > 1024) errors.description = "Use at most 1024 characters";
  if (values.compatibility.length > 500) errors.compatibility = "Use at most 500 characters";
  const metadata = parseMetadata(values.metadata);
  if (typeof metadata === "string") errors.metadata = metadata;
  const files = filesProblem(values.files);
  if (files) errors.files = files;
  if (Object.keys(errors).length > 0) return { errors };

  return {
    body: {
      ...(creating ? { name: values.name } : {}),
      description: values.description.trim(),
      body: values.body,
      argumentHint: orNull(values.argumentHint),
      userInvocable: values.userInvocable,
      model: orNull(values.model),
      license: orNull(values.license),
      compatibility: orNull(values.compatibility),
      allowedTools: values.allowedTools.split(/\s+/).filter(Boolean),
      metadata: metadata as Record<string, string>,
      files: values.files.map((f) => ({ path: f.path.trim(), content: f.content })),
    },
  };
}

/** The API's `details[].field` errors keyed by form field (`files.0.path` lands on files). */
export function apiSkillErrors(err: unknown): SkillFormErrors {
  if (!(err instanceof ApiError)) return {};
  const errors = formErrors(err, FIELDS, (f) => FIELDS.find((x) => x === f.split(".")[0])).fields;
  // A name already taken: the conflict's own sentence says more than its detail.
  if (err.status === 409 && (errors.name || /name|exists|taken/i.test(err.message))) errors.name = err.message;
  return errors;
}
