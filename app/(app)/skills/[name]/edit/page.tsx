// Edit a skill (admins): frontmatter fields, instructions and files.
import type { Metadata } from "next";
import { ForbiddenNotice } from "@/components/auth/forbidden-notice";
import { EditSkill } from "@/components/skills/edit-skill";
import { isAdmin } from "@/lib/auth/identity";
import { requireUser } from "@/lib/auth/session";

type Props = { params: Promise<{ name: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { name } = await params;
  return { title: `Edit ${name} · Cadre` };
}

export default async function EditSkillPage({ params }: Props) {
  const { name } = await params;
  const who = await requireUser(`/skills/${name}/edit`);
  return (
    <div className="mx-auto max-w-3xl">
      {isAdmin(who) ? <EditSkill name={name} /> : <ForbiddenNotice what="the skills library" />}
    </div>
  );
}
