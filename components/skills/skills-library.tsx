"use client";
// The skills library: every skill with its source, state and how many agents use it; admins also get the sync panel.
import Link from "next/link";
import { buttonClass } from "@/components/app/button";
import { EmptyState, ErrorNotice, LoadingBlock } from "@/components/app/states";
import { Time } from "@/components/app/time";
import { useSkills } from "@/lib/client/skills";
import type { SkillSummaryDto } from "@/lib/skills/schemas";
import { SkillParseError, SkillSource, SkillStateBadges } from "./skill-badges";
import { SkillSyncPanel } from "./skill-sync-panel";

function SkillRow({ skill }: { skill: SkillSummaryDto }) {
  return (
    <tr className="align-top hover:bg-slate-50/60">
      <td className="max-w-md px-4 py-3">
        <Link
          href={`/skills/${skill.name}`}
          className="font-mono font-medium text-indigo-700 hover:text-indigo-900 hover:underline"
        >
          {skill.name}
        </Link>
        {skill.description && <p className="mt-0.5 line-clamp-2 text-slate-600">{skill.description}</p>}
        <SkillParseError skill={skill} />
      </td>
      <td data-label="Source" className="px-4 py-3 whitespace-nowrap">
        <SkillSource skill={skill} />
      </td>
      <td data-label="State" className="px-4 py-3">
        <SkillStateBadges skill={skill} />
      </td>
      <td data-label="Agents" className="px-4 py-3 text-right whitespace-nowrap tabular-nums text-slate-700">
        {skill.agentCount}
      </td>
      <td data-label="Updated" className="px-4 py-3 whitespace-nowrap text-slate-600">
        <Time at={skill.updatedAt} past />
      </td>
    </tr>
  );
}

function SkillsTable() {
  const skills = useSkills();
  if (skills.isPending) return <LoadingBlock label="Loading skills…" />;
  if (skills.isError)
    return (
      <ErrorNotice title="Could not load the skills library" error={skills.error} retry={() => skills.refetch()} />
    );
  if (skills.data.length === 0) {
    return (
      <EmptyState title="No skills yet">
        A skill is a SKILL.md with instructions an agent can follow. Admins add them here or sync them from a Git
        repository.
      </EmptyState>
    );
  }
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="card-table min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">Skills library</caption>
        <thead className="bg-slate-50 text-left text-xs font-medium tracking-wide text-slate-600 uppercase">
          <tr>
            <th scope="col" className="px-4 py-3">
              Skill
            </th>
            <th scope="col" className="px-4 py-3">
              Source
            </th>
            <th scope="col" className="px-4 py-3">
              State
            </th>
            <th scope="col" className="px-4 py-3 text-right">
              Agents
            </th>
            <th scope="col" className="px-4 py-3">
              Updated
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {skills.data.map((skill) => (
            <SkillRow key={skill.name} skill={skill} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function SkillsLibrary({ isAdmin }: { isAdmin: boolean }) {
  if (!isAdmin) return <SkillsTable />;
  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <div className="min-w-0 lg:col-span-2">
        <SkillsTable />
      </div>
      <SkillSyncPanel />
    </div>
  );
}

export function NewSkillLink() {
  return (
    <Link href="/skills/new" className={buttonClass("primary")}>
      New skill
    </Link>
  );
}
