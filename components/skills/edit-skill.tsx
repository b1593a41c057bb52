"use client";
// The edit page: loads the skill, then the form with its values.
import { PageHeader } from "@/components/app/page-header";
import { LoadingBlock } from "@/components/app/states";
import { useSkill } from "@/lib/client/skills";
import { SkillForm } from "./skill-form";
import { SkillLoadError } from "./skill-load-error";

export function EditSkill({ name }: { name: string }) {
  const skill = useSkill(name);
  if (skill.isPending) return <LoadingBlock label="Loading skill…" />;
  if (skill.isError) return <SkillLoadError name={name} error={skill.error} retry={() => skill.refetch()} />;
  const fromSource = skill.data.source !== "cadre";
  return (
    <>
      <PageHeader
        title={`Edit ${name}`}
        description={
          fromSource
            ? "It came from its source; once edited here, a later change there shows as a conflict instead of replacing yours."
            : "Agents get the change at their next start."
        }
      />
      <SkillForm skill={skill.data} />
    </>
  );
}
