import type { Metadata } from "next";
import { AgentForm } from "@/components/agents/agent-form";
import { PageHeader } from "@/components/app/page-header";
import { isAdmin } from "@/lib/auth/identity";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "New agent · Cadre" };

export default async function NewAgentPage() {
  const who = await requireUser("/agents/new");
  return (
    <div className="mx-auto max-w-2xl">
      <PageHeader title="New agent" description="You will own it: only you and admins can change, stop or delete it." />
      <AgentForm mode="create" isAdmin={isAdmin(who)} />
    </div>
  );
}
