import type { Metadata } from "next";
import { EditAgent } from "@/components/agents/edit-agent";
import { isAdmin } from "@/lib/auth/identity";
import { requireUser } from "@/lib/auth/session";

type Props = { params: Promise<{ name: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { name } = await params;
  return { title: `Edit ${name} · Cadre` };
}

export default async function EditAgentPage({ params }: Props) {
  const { name } = await params;
  const who = await requireUser(`/agents/${name}/edit`);
  return <EditAgent name={name} isAdmin={isAdmin(who)} />;
}
