// One process: its definition, runs, and starting a new run.
import type { Metadata } from "next";
import { ProcessPage } from "@/components/processes/process-page";
import { requireUser } from "@/lib/auth/session";

type Props = { params: Promise<{ id: string }> };

export const metadata: Metadata = { title: "Process · Cadre" };

export default async function ProcessDetailPage({ params }: Props) {
  const { id } = await params;
  await requireUser(`/processes/${encodeURIComponent(id)}`);
  return <ProcessPage id={id} />;
}
