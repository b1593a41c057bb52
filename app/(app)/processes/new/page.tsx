// A new process, written in YAML and checked as it is typed.
import type { Metadata } from "next";
import { PageHeader } from "@/components/app/page-header";
import { NewProcess } from "@/components/processes/new-process";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "New process · Cadre" };

export default async function NewProcessPage() {
  await requireUser("/processes/new");
  return (
    <div className="mx-auto max-w-4xl">
      <PageHeader
        title="New process"
        description="Start from the example: name the agents of your own steps, then create it. Problems show with their line as you type."
      />
      <NewProcess />
    </div>
  );
}
