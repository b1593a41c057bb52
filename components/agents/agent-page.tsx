"use client";
// One agent: header with its actions, then Overview (details, run a task, executions), Chat, Schedules, Skills and
// Playbooks tabs. Live throughout.
import { useState } from "react";
import { AgentDetails } from "@/components/agents/agent-details";
import { PageHeader } from "@/components/app/page-header";
import { LoadingBlock } from "@/components/app/states";
import { Tabs } from "@/components/app/tabs";
import { ChatPanel } from "@/components/chat/chat-panel";
import { ExecutionsList } from "@/components/executions/executions-list";
import { RunTaskForm } from "@/components/executions/run-task-form";
import { useLiveExecutions } from "@/components/executions/use-live-executions";
import { PlaybooksPanel } from "@/components/playbooks/playbooks-panel";
import { SchedulesPanel } from "@/components/schedules/schedules-panel";
import { AgentSkillsPanel } from "@/components/skills/agent-skills-panel";
import type { AgentDto } from "@/lib/agents/schemas";
import { useAgent } from "@/lib/client/agents";
import { AgentActions } from "./agent-actions";
import { AgentLoadError } from "./agent-load-error";
import { AgentStatusBadge } from "./agent-status-badge";

export type AgentTab = "overview" | "chat" | "schedules" | "skills" | "playbooks";

const TABS = [
  { id: "overview" as const, label: "Overview" },
  { id: "chat" as const, label: "Chat" },
  { id: "schedules" as const, label: "Schedules" },
  { id: "skills" as const, label: "Skills" },
  { id: "playbooks" as const, label: "Playbooks" },
];

const PANELS: Record<AgentTab, (props: { agent: AgentDto }) => React.ReactNode> = {
  overview: Overview,
  chat: ChatPanel,
  schedules: SchedulesPanel,
  skills: AgentSkillsPanel,
  playbooks: PlaybooksPanel,
};

function Overview({ agent }: { agent: AgentDto }) {
  const [latestId, setLatestId] = useState<string | null>(null);
  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <div className="min-w-0 space-y-6 lg:col-span-2">
        <RunTaskForm agent={agent} onStarted={setLatestId} />
        <ExecutionsList agentName={agent.name} highlightId={latestId} />
      </div>
      <div className="min-w-0">
        <AgentDetails agent={agent} />
      </div>
    </div>
  );
}

export function AgentPage({ name, initialTab }: { name: string; initialTab: AgentTab }) {
  const agent = useAgent(name);
  const [tab, setTab] = useState<AgentTab>(initialTab);
  useLiveExecutions(name);

  function selectTab(next: AgentTab) {
    setTab(next);
    // Keeps the tab in the address so a reload or a shared link opens it again.
    const url = new URL(window.location.href);
    if (next === "overview") url.searchParams.delete("tab");
    else url.searchParams.set("tab", next);
    window.history.replaceState(null, "", url);
  }

  if (agent.isPending) return <LoadingBlock label="Loading agent…" />;
  if (agent.isError) return <AgentLoadError name={name} error={agent.error} retry={() => agent.refetch()} />;

  return (
    <>
      <PageHeader
        title={agent.data.name}
        badge={<AgentStatusBadge status={agent.data.status} />}
        description={agent.data.description || "No description yet."}
        actions={<AgentActions agent={agent.data} />}
      />
      <Tabs
        label="Agent sections"
        tabs={TABS}
        selected={tab}
        onSelect={selectTab}
        renderPanel={(id) => {
          const Panel = PANELS[id];
          return <Panel agent={agent.data} />;
        }}
      />
    </>
  );
}
