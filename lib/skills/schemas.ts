// Skill inputs and DTOs, shared by route handlers and the browser (no server imports here).
import { z } from "zod";
import { ModelChoice } from "@/lib/agents/schemas";
import { safeText } from "@/lib/text/safe-text";
import type { HintArgument } from "./arguments";

/** SKILL.md larger than this is refused (and listed invalid when it comes from a source). */
export const SKILL_MAX_BYTES = 256 * 1024;
/** One supporting file; larger ones are refused at input and skipped (reported) when read from a source. */
export const SKILL_FILE_MAX_BYTES = 256 * 1024;
export const SKILL_MAX_FILES = 50;
export const DESCRIPTION_MAX = 1024;
export const COMPATIBILITY_MAX = 500;

export const SKILL_NAME_RULE =
  "use lowercase letters, digits and hyphens (no leading, trailing or double hyphen), at most 64";

/** A skill's name: it becomes a folder and a file name, so it is a slug, checked before it reaches any path. */
export const SkillName = z
  .string()
  .max(64, SKILL_NAME_RULE)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, SKILL_NAME_RULE)
  // /api/skills/sync is the sync endpoint, so a skill of that name could not be reached.
  .refine((n) => n !== "sync", { message: '"sync" is reserved' });

const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,99}$/;

/** A supporting file's path relative to the skill folder: "a.md" or "templates/a.md"; no "..", no dot files, no absolute. */
export const SkillFilePath = z
  .string()
  .min(1, "path is empty")
  .max(300, "path is longer than 300 characters")
  .refine((p) => p.split("/").every((s) => SEGMENT.test(s)), {
    message: "each path segment must be a plain file name (letters, digits, . _ -), not starting with a dot",
  })
  .refine((p) => p.split("/").length <= 5, { message: "at most 5 folder levels" })
  .refine((p) => p !== "SKILL.md", { message: "SKILL.md is written from the skill's fields" });

const byteLength = (s: string) => new TextEncoder().encode(s).length;

export const SkillFileInput = z.strictObject({
  path: SkillFilePath,
  content: z.string().refine((c) => byteLength(c) <= SKILL_FILE_MAX_BYTES, { message: "file is larger than 256 KB" }),
});
export type SkillFileInput = z.infer<typeof SkillFileInput>;

const OneLine = (max: number) => z.string().trim().max(max, `longer than ${max} characters`).superRefine(safeText());

const fields = {
  description: z
    .string()
    .trim()
    .min(1, "description is empty")
    .max(DESCRIPTION_MAX, `longer than ${DESCRIPTION_MAX} characters`)
    .superRefine(safeText({ multiline: true })),
  body: z
    .string()
    .refine((b) => byteLength(b) <= SKILL_MAX_BYTES - 8 * 1024, { message: "body is larger than 248 KB" }),
  argumentHint: OneLine(200).nullable(),
  userInvocable: z.boolean(),
  model: ModelChoice.nullable(),
  license: OneLine(200).nullable(),
  compatibility: z
    .string()
    .trim()
    .max(COMPATIBILITY_MAX, `longer than ${COMPATIBILITY_MAX} characters`)
    .superRefine(safeText({ multiline: true }))
    .nullable(),
  allowedTools: z.array(OneLine(200).pipe(z.string().min(1, "tool is empty"))).max(100),
  metadata: z
    .record(
      z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, "metadata keys are 1-64 letters, digits, . _ -"),
      z.string().max(1000),
    )
    .refine((m) => Object.keys(m).length <= 50, { message: "at most 50 metadata entries" }),
  files: z
    .array(SkillFileInput)
    .max(SKILL_MAX_FILES, `at most ${SKILL_MAX_FILES} files`)
    .refine((fs) => new Set(fs.map((f) => f.path.toLowerCase())).size === fs.length, {
      message: "two files have the same path",
    }),
};

/** POST /api/skills: the server writes SKILL.md (YAML frontmatter + body) from these fields. */
export const SkillInput = z.strictObject({
  name: SkillName,
  description: fields.description,
  body: fields.body,
  argumentHint: fields.argumentHint.optional(),
  userInvocable: fields.userInvocable.default(true),
  model: fields.model.optional(),
  license: fields.license.optional(),
  compatibility: fields.compatibility.optional(),
  allowedTools: fields.allowedTools.optional(),
  metadata: fields.metadata.optional(),
  files: fields.files.optional(),
});
export type SkillInput = z.infer<typeof SkillInput>;
export type SkillCreateRequest = z.input<typeof SkillInput>;

/** PUT /api/skills/{name}: only the fields given change (the name cannot); null clears an optional field. */
export const SkillUpdateInput = z.strictObject(fields).partial();
export type SkillUpdateInput = z.infer<typeof SkillUpdateInput>;

/** POST /api/skills/{name}/resolve */
export const SkillResolveInput = z.strictObject({ keep: z.enum(["cadre", "source"]) });
export type SkillResolveInput = z.infer<typeof SkillResolveInput>;

/** PUT /api/skills/sync: token "" or null clears it; absent keeps it. */
export const SkillSyncSettingsInput = z.strictObject({
  repoUrl: z
    .string()
    .trim()
    .max(500)
    .refine((u) => u === "" || /^(https?:\/\/|ssh:\/\/|git@|file:\/\/|\/)/.test(u), {
      message: "use an https://, ssh://, git@ or file:// URL (or an absolute path)",
    })
    .refine((u) => !/^-/.test(u) && !/\s/.test(u), { message: "no spaces, must not start with -" })
    .refine((u) => !/^[a-z]+:\/\/[^/]*@/i.test(u) || /^ssh:\/\/[^/:@]+@/i.test(u), {
      message: "put the token in the token field, not in the URL",
    })
    .nullable()
    .optional(),
  branch: z
    .string()
    .trim()
    .regex(/^(?!-)(?!.*\.\.)[A-Za-z0-9._/-]{1,100}$/, "use a branch name (letters, digits, . _ / -)")
    .optional(),
  folder: z
    .string()
    .trim()
    .max(200)
    .refine(
      (f) =>
        f === "" ||
        f
          .split("/")
          .filter(Boolean)
          .every((s) => SEGMENT.test(s)),
      {
        message: "use a relative folder inside the repository (no .., no dot folders)",
      },
    )
    .optional(),
  token: z.string().max(1000).nullable().optional(),
});
export type SkillSyncSettingsInput = z.infer<typeof SkillSyncSettingsInput>;

/**
 * POST /api/skills/sync: `{ "dryRun": true }` answers the plan and writes nothing; `{ "confirm": fingerprint }` applies
 * the plan that preview answered, refused (409) when the repository or the library changed since.
 */
export const SkillSyncRunInput = z
  .strictObject({
    dryRun: z.literal(true, { message: "true to preview the sync (nothing is written)" }).optional(),
    confirm: z
      .string()
      .trim()
      .regex(/^[0-9a-f]{64}$/, "the fingerprint a preview answered (64 hex digits)")
      .optional(),
  })
  .superRefine((v, ctx) => {
    if (v.dryRun && v.confirm)
      ctx.addIssue({ code: "custom", path: ["confirm"], message: "send dryRun or confirm, not both" });
    if (!v.dryRun && !v.confirm) {
      ctx.addIssue({
        code: "custom",
        path: ["confirm"],
        message: 'preview first with { "dryRun": true }, then send its fingerprint as confirm',
      });
    }
  });
export type SkillSyncRunInput = z.infer<typeof SkillSyncRunInput>;

/** PUT /api/agents/{name}/skills */
export const AgentSkillsInput = z.strictObject({
  skills: z.array(SkillName).max(200),
});
export type AgentSkillsInput = z.infer<typeof AgentSkillsInput>;

/** POST /api/agents/{name}/playbooks/{skill}/run */
export const PlaybookRunInput = z.strictObject({
  arguments: z.string().max(20_000).optional(),
});
export type PlaybookRunInput = z.infer<typeof PlaybookRunInput>;

export type SkillSource = "bundled" | "git" | "cadre";

export interface SkillFileDto {
  path: string;
  content: string;
  size: number;
}

export interface SkillSummaryDto {
  name: string;
  description: string;
  argumentHint: string | null;
  userInvocable: boolean;
  model: string | null;
  /** invalid skills are listed with the reason, never injected */
  valid: boolean;
  parseError: string | null;
  source: SkillSource;
  /** commit sha for git */
  sourceVersion: string | null;
  /** changed in Cadre since taken from its source */
  edited: boolean;
  /** a sync found a newer source version while edited here */
  conflict: boolean;
  agentCount: number;
  updatedAt: string;
}

export interface SkillDto extends SkillSummaryDto {
  /** the whole SKILL.md */
  content: string;
  body: string;
  /** parsed ({} when invalid) */
  frontmatter: Record<string, unknown>;
  license: string | null;
  compatibility: string | null;
  allowedTools: string[];
  metadata: Record<string, string>;
  /** frontmatter keys the formats do not define: kept, but worth a look */
  warnings: string[];
  /** supporting files (text), paths relative to the skill folder */
  files: SkillFileDto[];
  /** agents it is assigned to */
  agents: { name: string; description: string }[];
  /** incoming from the source while in conflict */
  conflictVersion: null | { content: string; files: SkillFileDto[]; version: string | null };
}

export type SkillSyncStatus = "running" | "succeeded" | "failed";

export interface SkillSyncDto {
  id: string;
  status: SkillSyncStatus;
  repoUrl: string;
  branch: string;
  folder: string;
  commit: string | null;
  added: string[];
  updated: string[];
  removed: string[];
  conflicts: string[];
  invalid: string[];
  /** edited here and gone upstream: kept as Cadre's own, not removed */
  kept: string[];
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
}

export type SkillSyncConflictReason = "edited" | "local" | "bundled";

/** What a sync would do, computed without writing; `fingerprint` confirms exactly this plan. */
export interface SkillSyncPreviewDto {
  fingerprint: string;
  repoUrl: string;
  branch: string;
  folder: string;
  commit: string;
  /** new skills; `restores`: agents that had the skill when a sync removed it and get it back */
  added: { name: string; restores: string[] }[];
  /** unedited skills that changed upstream */
  updated: string[];
  /** unedited Git skills gone upstream, with the agents that lose them (remembered, given back if it returns) */
  removed: { name: string; agents: string[] }[];
  /** edited here and gone upstream: kept as Cadre's own */
  kept: string[];
  /** edited here and changed upstream, or a skill of the same name made here or bundled */
  conflicts: { name: string; reason: SkillSyncConflictReason; message: string }[];
  invalid: string[];
  /** skills the sync leaves as they are */
  unchanged: number;
}

export interface SkillSyncStatusDto {
  /** the token is never returned, only whether one is set */
  settings: { repoUrl: string | null; branch: string; folder: string; tokenSet: boolean };
  running: boolean;
  last: SkillSyncDto | null;
  recent: SkillSyncDto[];
}

export interface AgentSkillsDto {
  /** assigned, by name */
  skills: SkillSummaryDto[];
  /** assignments or assigned skills changed after the agent started (status running) */
  pendingRestart: boolean;
  /** names written at the last start (from the workspace manifest) */
  injected: string[];
}

export interface PlaybookDto {
  name: string;
  description: string;
  argumentHint: string | null;
  /** the arguments the hint names, in order: `<name>` required, `[name]` optional */
  arguments: HintArgument[];
}
