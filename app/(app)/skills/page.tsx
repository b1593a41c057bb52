// The skills library: every signed-in person reads it; admins add skills and sync them from Git.
import type { Metadata } from "next";
import { PageHeader } from "@/components/app/page-header";
import { NewSkillLink, SkillsLibrary } from "@/components/skills/skills-library";
import { isAdmin } from "@/lib/auth/identity";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Skills · Cadre" };

export default async function SkillsPage() {
  const who = await requireUser("/skills");
  const admin = isAdmin(who);
  return (
    <>
      <PageHeader
        title="Skills"
        description="Instructions agents can follow. Owners assign them to agents; people run them as playbooks or /commands in chat."
        actions={admin ? <NewSkillLink /> : undefined}
      />
      <SkillsLibrary isAdmin={admin} />
    </>
  );
}
