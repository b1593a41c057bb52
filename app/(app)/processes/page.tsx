// Processes: YAML workflows of agent tasks and approvals. Every signed-in person reads and runs them.
import type { Metadata } from "next";
import { PageHeader } from "@/components/app/page-header";
import { NewProcessLink, ProcessesList } from "@/components/processes/processes-list";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Processes · Cadre" };

export default async function ProcessesPage() {
  await requireUser("/processes");
  return (
    <>
      <PageHeader
        title="Processes"
        description="Agent tasks that run in order and stop for a person's approval where the definition says."
        actions={<NewProcessLink />}
      />
      <ProcessesList />
    </>
  );
}
