// A new skill (admins), written to the library as SKILL.md.
import type { Metadata } from "next";
import { PageHeader } from "@/components/app/page-header";
import { ForbiddenNotice } from "@/components/auth/forbidden-notice";
import { SkillForm } from "@/components/skills/skill-form";
import { isAdmin } from "@/lib/auth/identity";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "New skill · Cadre" };

export default async function NewSkillPage() {
  const who = await requireUser("/skills/new");
  return (
    <div className="mx-auto max-w-3xl">
      <PageHeader title="New skill" description="Agents it is assigned to get it at their next start." />
      {isAdmin(who) ? <SkillForm /> : <ForbiddenNotice what="the skills library" />}
    </div>
  );
}
