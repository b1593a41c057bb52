// Skill rows to the public JSON shapes. "edited" and "conflict" are read from the hashes and the waiting version.
import type { Skill } from "@/lib/db/client-types";
import { readStoredFiles, skillHash, toFileDtos } from "./files";
import { parseSkillMd } from "./parse";
import type { SkillDto, SkillSource, SkillSummaryDto } from "./schemas";

export const skillSummaryInclude = { _count: { select: { agents: true } } } as const;

export const skillDetailInclude = {
  _count: { select: { agents: true } },
  agents: {
    include: { agent: { select: { name: true, description: true } } },
    orderBy: { agent: { name: "asc" as const } },
  },
} as const;

export type SkillSummaryRow = Skill & { _count: { agents: number } };
export type SkillDetailRow = SkillSummaryRow & { agents: { agent: { name: string; description: string } }[] };

/** Changed here since it was taken from its source. A skill made in Cadre has no source to differ from. */
export function isEdited(row: Pick<Skill, "source" | "sourceHash" | "content" | "files">): boolean {
  if (row.source === "cadre") return false;
  return row.sourceHash !== skillHash(row.content, readStoredFiles(row.files));
}

export function toSkillSummaryDto(row: SkillSummaryRow): SkillSummaryDto {
  return {
    name: row.name,
    description: row.description,
    argumentHint: row.argumentHint,
    userInvocable: row.userInvocable,
    model: row.model,
    valid: row.valid,
    parseError: row.parseError,
    source: row.source as SkillSource,
    sourceVersion: row.sourceVersion,
    edited: isEdited(row),
    conflict: row.conflictContent !== null,
    agentCount: row._count.agents,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toSkillDto(row: SkillDetailRow): SkillDto {
  // Parsed again rather than stored field by field: the columns hold what lists need, SKILL.md holds the rest.
  const parsed = parseSkillMd(row.content, row.name);
  return {
    ...toSkillSummaryDto(row),
    content: row.content,
    body: row.body,
    frontmatter: parsed.valid ? parsed.frontmatter : {},
    license: parsed.license,
    compatibility: parsed.compatibility,
    allowedTools: parsed.allowedTools,
    metadata: parsed.metadata,
    warnings: parsed.warnings,
    files: toFileDtos(readStoredFiles(row.files)),
    agents: row.agents.map((a) => ({ name: a.agent.name, description: a.agent.description })),
    conflictVersion:
      row.conflictContent === null
        ? null
        : {
            content: row.conflictContent,
            files: toFileDtos(readStoredFiles(row.conflictFiles)),
            version: row.conflictVersion,
          },
  };
}
