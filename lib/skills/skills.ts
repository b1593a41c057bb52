// The skills library: list, read, create, edit, delete, and ending a conflict between Cadre's version and the source's.
import { type AuditActor, auditActor, auditWrite, changedFields } from "@/lib/audit";
import type { Identity } from "@/lib/auth/identity";
import { db, type Tx, transact } from "@/lib/db";
import { AppError, conflict, notFound } from "@/lib/errors";
import { fieldLabel, sentence } from "@/lib/text/plain-issues";
import { type SkillDetailRow, skillDetailInclude, skillSummaryInclude, toSkillDto, toSkillSummaryDto } from "./dto";
import { readStoredFiles, type SkillFile, skillHash, storeFiles } from "./files";
import { FORM_KEYS, parseSkillMd } from "./parse";
import { renderSkillMd, type SkillFields } from "./render";
import { type SkillDto, type SkillInput, SkillName, type SkillSummaryDto, type SkillUpdateInput } from "./schemas";

/**
 * The columns a SKILL.md and its files fill. An invalid SKILL.md is stored with the reason and empty fields;
 * `readError` is why the file could not even be read (binary, too large).
 */
export function skillColumns(name: string, content: string, files: SkillFile[], readError: string | null = null) {
  const parsed = parseSkillMd(content, name);
  return {
    content,
    files: storeFiles(files),
    valid: parsed.valid && !readError,
    parseError: readError ?? parsed.error,
    frontmatter: JSON.stringify(parsed.frontmatter),
    body: parsed.body,
    description: parsed.description,
    argumentHint: parsed.argumentHint,
    userInvocable: parsed.userInvocable,
    model: parsed.model,
  };
}

export async function listSkills(tx: Tx = db): Promise<SkillSummaryDto[]> {
  const rows = await tx.skill.findMany({ include: skillSummaryInclude, orderBy: { name: "asc" } });
  return rows.map(toSkillSummaryDto);
}

export async function getSkillRowOrThrow(name: string, tx: Tx = db): Promise<SkillDetailRow> {
  const slug = SkillName.safeParse(name);
  const row = slug.success
    ? await tx.skill.findUnique({ where: { name: slug.data }, include: skillDetailInclude })
    : null;
  if (!row) throw notFound(`Skill "${name}"`);
  return row;
}

export async function getSkillDto(name: string, tx: Tx = db): Promise<SkillDto> {
  return toSkillDto(await getSkillRowOrThrow(name, tx));
}

/** The first frontmatter key an error names, so a 400 points at the form field. */
function fieldOf(error: string): string {
  const map: Record<string, string> = {
    "argument-hint": "argumentHint",
    "allowed-tools": "allowedTools",
    "user-invocable": "userInvocable",
  };
  const key = /^([a-z-]+)\b/.exec(error)?.[1] ?? "";
  return (
    map[key] ?? (["name", "description", "license", "compatibility", "metadata", "model"].includes(key) ? key : "body")
  );
}

/** Renders and re-reads SKILL.md; what the form allowed must also parse, or nothing is written. */
function renderChecked(fields: SkillFields, extra: Record<string, unknown> = {}): string {
  const content = renderSkillMd(fields, extra);
  const parsed = parseSkillMd(content, fields.name);
  if (!parsed.valid) {
    const field = fieldOf(parsed.error ?? "");
    const message = sentence(fieldLabel(field), parsed.error ?? "is not valid", field);
    throw new AppError("validation_failed", message, [{ field, message }]);
  }
  return content;
}

/** The audit entry of a library change (`skill.<action>`), in the transaction of the change. */
function auditSkill(
  t: Tx,
  actor: AuditActor,
  action: string,
  skill: { id: string; name: string },
  fields: { before?: Record<string, unknown>; after?: Record<string, unknown> },
): Promise<void> {
  return auditWrite(t, actor, {
    action: `skill.${action}`,
    targetType: "skill",
    targetId: skill.id,
    targetLabel: skill.name,
    ...fields,
  });
}

export async function createSkill(input: SkillInput, who: Identity, tx: Tx = db): Promise<SkillDto> {
  const taken = await tx.skill.findUnique({ where: { name: input.name }, select: { id: true } });
  if (taken) throw conflict(`A skill named "${input.name}" already exists`, [{ field: "name", message: "taken" }]);
  const content = renderChecked(input);
  const files = input.files ?? [];
  await transact(tx, async (t) => {
    const created = await t.skill.create({
      data: { name: input.name, source: "cadre", updatedById: who.userId, ...skillColumns(input.name, content, files) },
    });
    const after = { name: created.name, description: created.description, files: files.map((f) => f.path) };
    await auditSkill(t, auditActor(who), "created", created, { after });
  });
  return getSkillDto(input.name, tx);
}

/** Frontmatter keys the form has no field for (e.g. disable-model-invocation) survive an edit. */
function currentFields(row: SkillDetailRow): { fields: SkillFields; extra: Record<string, unknown> } {
  const parsed = parseSkillMd(row.content, row.name);
  const extra = Object.fromEntries(Object.entries(parsed.frontmatter).filter(([k]) => !FORM_KEYS.has(k)));
  return {
    fields: {
      name: row.name,
      description: row.description,
      body: row.body,
      argumentHint: row.argumentHint,
      userInvocable: row.userInvocable,
      model: row.model,
      license: parsed.license,
      compatibility: parsed.compatibility,
      allowedTools: parsed.allowedTools,
      metadata: parsed.metadata,
    },
    extra,
  };
}

/** Only the fields given change. A skill taken from a source then differs from it: that is what "edited" means. */
export async function updateSkill(
  name: string,
  input: SkillUpdateInput,
  who: Identity,
  tx: Tx = db,
): Promise<SkillDto> {
  const row = await getSkillRowOrThrow(name, tx);
  const { fields, extra } = currentFields(row);
  const defined = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as SkillUpdateInput;
  const next: SkillFields = { ...fields, ...defined, name: row.name };
  const content = renderChecked(next, extra);
  const files = input.files ?? readStoredFiles(row.files);
  await transact(tx, async (t) => {
    const { count } = await t.skill.updateMany({
      where: { id: row.id, updatedAt: row.updatedAt },
      data: { ...skillColumns(row.name, content, files), updatedById: who.userId },
    });
    if (count === 0) throw conflict(`Skill "${name}" changed while saving; reload and try again`);
    const { files: _files, ...given } = defined;
    const changes = changedFields(fields as unknown as Record<string, unknown>, given);
    if (input.files) {
      changes.before.files = readStoredFiles(row.files).map((f) => f.path);
      changes.after.files = files.map((f) => f.path);
    }
    await auditSkill(t, auditActor(who), "updated", row, changes);
  });
  return getSkillDto(row.name, tx);
}

/** Its assignments go with it; agents that had it injected see "changes apply on the next start". */
export async function deleteSkill(name: string, who: Identity, tx: Tx = db): Promise<void> {
  const row = await getSkillRowOrThrow(name, tx);
  await transact(tx, async (t) => {
    await t.skill.delete({ where: { id: row.id } });
    const before = { name: row.name, description: row.description, source: row.source };
    await auditSkill(t, auditActor(who), "deleted", row, { before });
  });
}

/**
 * Ends a conflict. Keeping Cadre's version records the source's as seen (so the same upstream version does not
 * conflict again); taking the source's replaces the content and makes the skill unedited.
 */
export async function resolveSkillConflict(
  name: string,
  keep: "cadre" | "source",
  who: Identity,
  tx: Tx = db,
): Promise<SkillDto> {
  const row = await getSkillRowOrThrow(name, tx);
  if (row.conflictContent === null) throw conflict(`Skill "${name}" has no conflict to resolve`);
  const incomingFiles = readStoredFiles(row.conflictFiles);
  const seen = skillHash(row.conflictContent, incomingFiles);
  const clear = {
    conflictContent: null,
    conflictFiles: null,
    conflictVersion: null,
    sourceHash: seen,
    updatedById: who.userId,
  };
  const data =
    keep === "source"
      ? { ...skillColumns(row.name, row.conflictContent, incomingFiles), ...clear, sourceVersion: row.conflictVersion }
      : clear;
  await transact(tx, async (t) => {
    const { count } = await t.skill.updateMany({
      where: { id: row.id, conflictContent: { not: null }, updatedAt: row.updatedAt },
      data,
    });
    if (count === 0) throw conflict(`Skill "${name}" changed while resolving; reload and try again`);
    const resolved = { before: { conflict: true }, after: { conflict: false, kept: keep } };
    await auditSkill(t, auditActor(who), "updated", row, resolved);
  });
  return getSkillDto(row.name, tx);
}
