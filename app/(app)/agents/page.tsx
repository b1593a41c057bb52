import type { Metadata } from "next";
import Link from "next/link";
import { AgentsList } from "@/components/agents/agents-list";
import { buttonClass } from "@/components/app/button";
import { PageHeader } from "@/components/app/page-header";

export const metadata: Metadata = { title: "Agents · Cadre" };

export default function AgentsPage() {
  return (
    <>
      <PageHeader
        title="Agents"
        description="Your team's agents. Open one to run a task, chat with it or see what it did."
        actions={
          <Link href="/agents/new" className={buttonClass("primary")}>
            New agent
          </Link>
        }
      />
      <AgentsList />
    </>
  );
}
