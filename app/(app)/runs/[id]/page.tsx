// One run of an agent: its transcript growing live, its result, Cancel.
import type { Metadata } from "next";
import { RunPage } from "@/components/executions/run-page";
import { requireUser } from "@/lib/auth/session";

type Props = { params: Promise<{ id: string }> };

export const metadata: Metadata = { title: "Run · Cadre" };

export default async function AgentRunPage({ params }: Props) {
  const { id } = await params;
  await requireUser(`/runs/${encodeURIComponent(id)}`);
  return <RunPage id={id} />;
}
