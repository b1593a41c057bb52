// Runs: every execution the viewer may see, across agents, schedules, playbooks, chats and processes, newest first.
import type { Metadata } from "next";
import { Suspense } from "react";
import { PageHeader } from "@/components/app/page-header";
import { LoadingBlock } from "@/components/app/states";
import { RunsView } from "@/components/runs/runs-view";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Runs · Cadre" };

export default async function RunsPage() {
  await requireUser("/runs");
  return (
    <>
      <PageHeader
        title="Runs"
        description="Every run of every agent you can see: tasks, schedules, playbooks, your chats and process steps."
      />
      {/* The filters are read from the address in the browser. */}
      <Suspense fallback={<LoadingBlock label="Loading runs…" />}>
        <RunsView />
      </Suspense>
    </>
  );
}
