"use client";
import { useQueryClient } from "@tanstack/react-query";
// The agent page's Skills tab: the skills assigned to the agent, adding one from the library, removing one, and the
// restart that brings changes into a running agent's workspace.
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { buttonClass } from "@/components/app/button";
import { EmptyState, ErrorNotice, LoadingBlock } from "@/components/app/states";
import { canManageAgent, useViewer } from "@/components/app/viewer";
import type { AgentDto } from "@/lib/agents/schemas";
import { errorMessage } from "@/lib/client/api";
import { skillKeys, useAgentSkills, useAssignSkill, useUnassignSkill } from "@/lib/client/skills";
import type { SkillSummaryDto } from "@/lib/skills/schemas";
import { AddSkillForm } from "./add-skill-form";
import { RestartBanner } from "./restart-banner";
import { SkillParseError, SkillStateBadges } from "./skill-badges";

interface AssignedSkillProps {
  skill: SkillSummaryDto;
  injected: boolean;
  agentRunning: boolean;
  canManage: boolean;
  removing: boolean;
  onRemove: () => void;
}

function AssignedSkill({ skill, injected, agentRunning, canManage, removing, onRemove }: AssignedSkillProps) {
  return (
    <li className="flex flex-wrap items-start justify-between gap-3 px-4 py-3">
      <div className="min-w-0 flex-1">
        <p className="flex flex-wrap items-center gap-2">
          <Link
            href={`/skills/${skill.name}`}
            className="font-mono text-sm font-medium text-indigo-700 hover:underline"
          >
            {skill.name}
          </Link>
          <SkillStateBadges skill={skill} />
          {agentRunning && skill.valid && !injected && (
            <span className="text-xs text-amber-700">Not in the workspace until the next start</span>
          )}
        </p>
        <p className="mt-0.5 text-sm text-slate-600">{skill.description}</p>
        <SkillParseError skill={skill} />
      </div>
      {canManage && (
        <button type="button" className={buttonClass("ghost", "sm")} disabled={removing} onClick={onRemove}>
          {removing ? "Removing…" : "Remove"}
          <span className="sr-only"> {skill.name}</span>
        </button>
      )}
    </li>
  );
}

export function AgentSkillsPanel({ agent }: { agent: AgentDto }) {
  const viewer = useViewer();
  const canManage = canManageAgent(viewer, agent);
  const assigned = useAgentSkills(agent.name);
  const assign = useAssignSkill(agent.name);
  const unassign = useUnassignSkill(agent.name);
  const [notice, setNotice] = useState("");
  const queryClient = useQueryClient();

  // A start, stop or restart rewrites the workspace: what was injected and whether a restart is due change with it.
  const started = `${agent.status}:${agent.startedAt ?? ""}`;
  const seenStart = useRef(started);
  useEffect(() => {
    if (seenStart.current === started) return;
    seenStart.current = started;
    void queryClient.invalidateQueries({ queryKey: skillKeys.agent(agent.name) });
  }, [queryClient, agent.name, started]);

  if (assigned.isPending) return <LoadingBlock label="Loading skills…" />;
  if (assigned.isError)
    return (
      <ErrorNotice title="Could not load this agent's skills" error={assigned.error} retry={() => assigned.refetch()} />
    );
  const { skills, pendingRestart, injected } = assigned.data;
  const running = agent.status === "running";

  function remove(skill: string) {
    unassign.mutate(skill, { onSuccess: () => setNotice(`${skill} removed from ${agent.name}.`) });
  }

  return (
    <div className="space-y-6">
      <section aria-labelledby="agent-skills-heading" className="space-y-3">
        <div>
          <h2 id="agent-skills-heading" className="text-base font-semibold text-slate-900">
            Skills
          </h2>
          <p className="text-sm text-slate-600">
            Written into {agent.name}&apos;s workspace as <code className="font-mono text-xs">.claude/commands/</code>{" "}
            each time it starts.
          </p>
        </div>
        {pendingRestart && running && <RestartBanner agent={agent} canManage={canManage} />}
        <p aria-live="polite" className="text-sm text-slate-600 empty:hidden">
          {notice}
        </p>
        {unassign.isError && (
          <p role="alert" className="text-sm text-rose-700">
            {errorMessage(unassign.error)}
          </p>
        )}
        {skills.length === 0 ? (
          <EmptyState title="No skills assigned">
            {canManage
              ? "Add one from the library below."
              : "Its owner or an admin can assign skills from the library."}
          </EmptyState>
        ) : (
          <ul
            aria-label={`Skills of ${agent.name}`}
            className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white shadow-sm"
          >
            {skills.map((skill) => (
              <AssignedSkill
                key={skill.name}
                skill={skill}
                injected={injected.includes(skill.name)}
                agentRunning={running}
                canManage={canManage}
                removing={unassign.isPending && unassign.variables === skill.name}
                onRemove={() => remove(skill.name)}
              />
            ))}
          </ul>
        )}
      </section>
      {canManage && (
        <AddSkillForm
          assigned={skills.map((s) => s.name)}
          pending={assign.isPending}
          error={assign.error}
          onAdd={(skill) => assign.mutate(skill, { onSuccess: () => setNotice(`${skill} added to ${agent.name}.`) })}
        />
      )}
    </div>
  );
}
