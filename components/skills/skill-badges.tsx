// A skill's origin and state at a glance: where it came from (and which version), edited here, in conflict, invalid.
import { Badge } from "@/components/app/badge";
import type { SkillSource as SkillSourceName, SkillSummaryDto } from "@/lib/skills/schemas";

const SOURCE_LABELS: Record<SkillSourceName, string> = { bundled: "Bundled", git: "Git", cadre: "Made in Cadre" };

/** "Git · 3f2a9c1": a commit is shortened to the usual seven characters. */
export function SkillSource({ skill }: { skill: Pick<SkillSummaryDto, "source" | "sourceVersion"> }) {
  const version = skill.sourceVersion && skill.source === "git" ? skill.sourceVersion.slice(0, 7) : skill.sourceVersion;
  return (
    <span className="text-slate-700">
      {SOURCE_LABELS[skill.source]}
      {version && (
        <span className="font-mono text-xs text-slate-600" title={skill.sourceVersion ?? undefined}>
          {" "}
          · {version}
        </span>
      )}
    </span>
  );
}

export function SkillStateBadges({ skill }: { skill: Pick<SkillSummaryDto, "valid" | "edited" | "conflict"> }) {
  return (
    <span className="inline-flex flex-wrap gap-1.5">
      {!skill.valid && <Badge tone="rose">Invalid</Badge>}
      {skill.conflict && <Badge tone="amber">Conflict</Badge>}
      {skill.edited && <Badge tone="indigo">Edited</Badge>}
    </span>
  );
}

/** Why a skill is not used: shown wherever an invalid skill is listed. */
export function SkillParseError({ skill }: { skill: Pick<SkillSummaryDto, "valid" | "parseError"> }) {
  if (skill.valid) return null;
  return (
    <p className="mt-1 text-xs text-rose-700">
      <span className="font-medium">Not used by agents:</span> {skill.parseError ?? "SKILL.md could not be read"}
    </p>
  );
}
