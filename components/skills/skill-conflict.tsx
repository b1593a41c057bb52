"use client";
// A sync found a newer version of a skill edited here: both versions side by side, and the admin picks one.
import { buttonClass } from "@/components/app/button";
import { errorMessage } from "@/lib/client/api";
import { useResolveSkillConflict } from "@/lib/client/skills";
import type { SkillDto, SkillFileDto } from "@/lib/skills/schemas";
import { Preformatted, SkillFileList } from "./skill-text";

function Version({
  id,
  title,
  note,
  content,
  files,
}: {
  id: string;
  title: string;
  note: string;
  content: string;
  files: SkillFileDto[];
}) {
  return (
    <section aria-labelledby={id} className="min-w-0 space-y-3">
      <div>
        <h3 id={id} className="text-sm font-semibold text-slate-900">
          {title}
        </h3>
        <p className="text-xs text-slate-600">{note}</p>
      </div>
      <Preformatted text={content} label={`${title}: SKILL.md`} className="max-h-96" />
      <SkillFileList files={files} />
    </section>
  );
}

export function SkillConflict({
  skill,
  onResolved,
}: {
  skill: SkillDto;
  onResolved: (kept: "cadre" | "source") => void;
}) {
  const resolve = useResolveSkillConflict(skill.name);
  const incoming = skill.conflictVersion;
  if (!skill.conflict || !incoming) return null;
  const version = incoming.version ? incoming.version.slice(0, 7) : null;
  const choose = (keep: "cadre" | "source") => resolve.mutate(keep, { onSuccess: () => onResolved(keep) });

  return (
    <section
      aria-labelledby="conflict-heading"
      className="rounded-lg border border-amber-300 bg-amber-50/50 p-5 shadow-sm"
    >
      <h2 id="conflict-heading" className="text-base font-semibold text-amber-900">
        Conflict with its source
      </h2>
      <p className="mt-1 text-sm text-amber-900">
        This skill was edited in Cadre, and its {skill.source === "git" ? "Git repository" : "bundled copy"} has changed
        since
        {version && (
          <>
            {" "}
            (now at <code className="font-mono">{version}</code>)
          </>
        )}
        . Cadre&apos;s version stays in use until you choose.
      </p>
      <div className="mt-4 grid gap-6 lg:grid-cols-2">
        <Version
          id="conflict-cadre"
          title="Cadre's version"
          note="Edited here; in use now."
          content={skill.content}
          files={skill.files}
        />
        <Version
          id="conflict-source"
          title="Source's version"
          note={version ? `From ${skill.source} at ${version}.` : `From ${skill.source}.`}
          content={incoming.content}
          files={incoming.files}
        />
      </div>
      <div className="mt-5 flex flex-wrap items-center justify-end gap-2">
        {resolve.isError && (
          <span role="alert" className="mr-auto text-sm text-rose-700">
            {errorMessage(resolve.error)}
          </span>
        )}
        <button
          type="button"
          className={buttonClass("secondary")}
          disabled={resolve.isPending}
          onClick={() => choose("cadre")}
        >
          Keep Cadre&apos;s
        </button>
        <button
          type="button"
          className={buttonClass("primary")}
          disabled={resolve.isPending}
          onClick={() => choose("source")}
        >
          Take source&apos;s
        </button>
      </div>
    </section>
  );
}
