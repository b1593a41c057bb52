// One run of a process: its live timeline.
import type { Metadata } from "next";
import { RunPage } from "@/components/processes/run-page";
import { requireUser } from "@/lib/auth/session";

type Props = { params: Promise<{ id: string }> };

export const metadata: Metadata = { title: "Process run · Cadre" };

export default async function ProcessRunPage({ params }: Props) {
  const { id } = await params;
  await requireUser(`/process-runs/${encodeURIComponent(id)}`);
  return <RunPage id={id} />;
}
