// A skill's frontmatter and origin as a list of facts, and the agents that use it.
import Link from "next/link";
import { Time } from "@/components/app/time";
import type { SkillDto } from "@/lib/skills/schemas";
import { SkillSource } from "./skill-badges";

const none = <span className="text-slate-600">—</span>;

export function SkillFacts({ skill }: { skill: SkillDto }) {
  const rows: [string, React.ReactNode][] = [
    ["Argument hint", skill.argumentHint ? <code className="font-mono text-xs">{skill.argumentHint}</code> : none],
    ["Playbook", skill.userInvocable ? "People can run it" : "Agents only"],
    ["Model", skill.model ? <span className="font-mono">{skill.model}</span> : "The agent's"],
    ["License", skill.license ?? none],
    ["Compatibility", skill.compatibility ?? none],
    [
      "Allowed tools",
      skill.allowedTools.length ? (
        <code className="font-mono text-xs break-words">{skill.allowedTools.join(" ")}</code>
      ) : (
        none
      ),
    ],
    ["Source", <SkillSource skill={skill} />],
    ["Updated", <Time at={skill.updatedAt} show="absolute" />],
  ];
  const metadata = Object.entries(skill.metadata);
  return (
    <section
      aria-labelledby="skill-facts-heading"
      className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
    >
      <h2 id="skill-facts-heading" className="text-base font-semibold text-slate-900">
        Details
      </h2>
      <dl className="mt-4 space-y-3 text-sm">
        {rows.map(([label, value]) => (
          <div key={label} className="grid grid-cols-3 gap-2">
            <dt className="text-slate-600">{label}</dt>
            <dd className="col-span-2 text-slate-800">{value}</dd>
          </div>
        ))}
        {metadata.map(([key, value]) => (
          <div key={`meta-${key}`} className="grid grid-cols-3 gap-2">
            <dt className="font-mono text-xs break-all text-slate-600">{key}</dt>
            <dd className="col-span-2 break-words text-slate-800">{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

export function SkillAgents({ agents }: { agents: SkillDto["agents"] }) {
  return (
    <section
      aria-labelledby="skill-agents-heading"
      className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm"
    >
      <h2 id="skill-agents-heading" className="text-base font-semibold text-slate-900">
        Used by
      </h2>
      {agents.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600">
          No agent yet. Owners assign skills in their agent&apos;s Skills tab.
        </p>
      ) : (
        <ul aria-labelledby="skill-agents-heading" className="mt-3 space-y-2 text-sm">
          {agents.map((agent) => (
            <li key={agent.name}>
              <Link
                href={`/agents/${agent.name}?tab=skills`}
                className="font-medium text-indigo-700 underline underline-offset-2 hover:text-indigo-900"
              >
                {agent.name}
              </Link>
              {agent.description && <p className="line-clamp-2 text-slate-600">{agent.description}</p>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
