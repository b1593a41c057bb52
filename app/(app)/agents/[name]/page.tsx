import type { Metadata } from "next";
import { AgentPage } from "@/components/agents/agent-page";

type Props = {
  params: Promise<{ name: string }>;
  searchParams: Promise<{ tab?: string | string[] }>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { name } = await params;
  return { title: `${name} · Cadre` };
}

export default async function AgentRoute({ params, searchParams }: Props) {
  const [{ name }, { tab }] = await Promise.all([params, searchParams]);
  const tabs = ["chat", "schedules", "skills", "playbooks"] as const;
  const initialTab = tabs.find((t) => t === tab) ?? "overview";
  return <AgentPage name={name} initialTab={initialTab} />;
}
