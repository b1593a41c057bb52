"use client";
// One skill: its description and state, the conflict to settle, the instructions, files, details and the agents using it.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { buttonClass } from "@/components/app/button";
import { DeleteButton } from "@/components/app/delete-button";
import { PageHeader } from "@/components/app/page-header";
import { LoadingBlock } from "@/components/app/states";
import { useDeleteSkill, useSkill } from "@/lib/client/skills";
import type { SkillDto } from "@/lib/skills/schemas";
import { SkillStateBadges } from "./skill-badges";
import { SkillConflict } from "./skill-conflict";
import { SkillAgents, SkillFacts } from "./skill-facts";
import { SkillLoadError } from "./skill-load-error";
import { Preformatted, SkillFileList } from "./skill-text";

function SkillActions({ skill }: { skill: SkillDto }) {
  const router = useRouter();
  const remove = useDeleteSkill(skill.name);
  const used = skill.agents.length;
  return (
    <>
      <Link href={`/skills/${skill.name}/edit`} className={buttonClass("secondary")}>
        Edit
      </Link>
      <DeleteButton
        what="skill"
        name={skill.name}
        mutation={remove}
        onConfirm={() => remove.mutate(undefined, { onSuccess: () => router.push("/skills") })}
      >
        {used > 0
          ? `It is removed from the ${used === 1 ? "agent" : `${used} agents`} using it; they lose it at their next start.`
          : "No agent uses it."}{" "}
        {skill.source === "git" && "A later sync brings it back if it is still in the repository."}
      </DeleteButton>
    </>
  );
}

export function SkillView({ name, isAdmin }: { name: string; isAdmin: boolean }) {
  const skill = useSkill(name);
  const [notice, setNotice] = useState("");

  if (skill.isPending) return <LoadingBlock label="Loading skill…" />;
  if (skill.isError) return <SkillLoadError name={name} error={skill.error} retry={() => skill.refetch()} />;
  const s = skill.data;

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href="/skills" className="text-slate-600 hover:text-slate-800 hover:underline">
          Skills
        </Link>
      </nav>
      <PageHeader
        title={s.name}
        badge={<SkillStateBadges skill={s} />}
        description={s.description || "No description."}
        actions={isAdmin ? <SkillActions skill={s} /> : undefined}
      />
      <div className="space-y-6">
        <p aria-live="polite" className="text-sm text-slate-600 empty:hidden">
          {notice}
        </p>
        {!s.valid && (
          <div role="alert" className="rounded-lg border border-rose-200 bg-rose-50 px-4 py-3 text-sm text-rose-800">
            <p className="font-medium">This SKILL.md does not parse, so no agent gets it.</p>
            <p className="mt-0.5 break-words">{s.parseError ?? "No reason was recorded."}</p>
          </div>
        )}
        {s.warnings.length > 0 && (
          <div className="rounded-lg border border-slate-200 bg-white px-4 py-3 text-sm text-slate-600">
            <p className="font-medium text-slate-700">Worth a look</p>
            <ul className="mt-1 list-disc pl-5">
              {s.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          </div>
        )}
        {isAdmin && (
          <SkillConflict
            skill={s}
            onResolved={(kept) => setNotice(kept === "cadre" ? "Kept Cadre's version." : "Took the source's version.")}
          />
        )}
        {!isAdmin && s.conflict && (
          <p className="text-sm text-amber-800">
            Its source has a newer version; an admin will choose which one to keep.
          </p>
        )}
        <div className="grid gap-6 lg:grid-cols-3">
          <div className="min-w-0 space-y-6 lg:col-span-2">
            <section
              aria-labelledby="skill-body-heading"
              className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
            >
              <h2 id="skill-body-heading" className="mb-3 text-base font-semibold text-slate-900">
                Instructions
              </h2>
              <Preformatted text={s.body} label="Instructions" />
            </section>
            <section
              aria-labelledby="skill-files-heading"
              className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
            >
              <h2 id="skill-files-heading" className="mb-3 text-base font-semibold text-slate-900">
                Supporting files
              </h2>
              <SkillFileList files={s.files} />
            </section>
            <details className="rounded-lg border border-slate-200 bg-white shadow-sm">
              <summary className="cursor-pointer rounded-lg px-5 py-3 text-sm font-medium text-slate-700 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-indigo-600">
                SKILL.md as written
              </summary>
              <div className="border-t border-slate-100 p-4">
                <Preformatted text={s.content} label="SKILL.md" />
              </div>
            </details>
          </div>
          <div className="space-y-6">
            <SkillFacts skill={s} />
            <SkillAgents agents={s.agents} />
          </div>
        </div>
      </div>
    </>
  );
}
