// One skill of the library: details for everyone, edit, delete and conflicts for admins.
import type { Metadata } from "next";
import { SkillView } from "@/components/skills/skill-view";
import { isAdmin } from "@/lib/auth/identity";
import { requireUser } from "@/lib/auth/session";

type Props = { params: Promise<{ name: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { name } = await params;
  return { title: `${name} · Skills · Cadre` };
}

export default async function SkillPage({ params }: Props) {
  const { name } = await params;
  const who = await requireUser(`/skills/${name}`);
  return <SkillView name={name} isAdmin={isAdmin(who)} />;
}
