"use client";
// The audit log's filter bar. Each change becomes the page's address (see audit-view.tsx), so the filters live in the
// URL: back and forward step through them, and a shared address shows the same entries.
import { DayRangeFilter } from "@/components/app/day-range-filter";
import { filterInputClass, filterLabelClass } from "@/components/app/field";
import { TextFilter } from "@/components/app/text-filter";
import type { AuditFilters } from "@/lib/audit/schemas";
import { useAgents } from "@/lib/client/agents";
import { auditFiltersSearch } from "@/lib/client/audit";

/** The actions one can pick: a whole kind ("every schedule change") or one action. */
const ACTION_GROUPS: { label: string; prefix: string; actions: string[] }[] = [
  {
    label: "Schedules",
    prefix: "schedule",
    actions: [
      "created",
      "updated",
      "enabled",
      "disabled",
      "paused",
      "resumed",
      "auto_paused",
      "run_now",
      "backfilled",
      "deleted",
    ],
  },
  { label: "Agents", prefix: "agent", actions: ["created", "updated", "started", "stopped", "restarted", "deleted"] },
  { label: "Skills", prefix: "skill", actions: ["created", "updated", "deleted", "assigned", "unassigned"] },
  { label: "Skills sync", prefix: "skills", actions: ["synced"] },
  { label: "Approvals", prefix: "approval", actions: ["decided", "timed_out"] },
  { label: "Settings", prefix: "settings", actions: ["updated"] },
  { label: "API tokens", prefix: "token", actions: ["created", "revoked"] },
  { label: "People", prefix: "user", actions: ["created", "updated", "role_changed", "password_reset", "deleted"] },
  { label: "Audit log", prefix: "audit", actions: ["pruned"] },
];

const TARGET_TYPES = ["schedule", "agent", "skill", "approval", "settings", "token", "user", "audit"];

export function AuditFiltersBar({
  filters,
  onChange,
}: {
  filters: AuditFilters;
  onChange: (next: AuditFilters) => void;
}) {
  const agents = useAgents().data ?? [];
  const search = auditFiltersSearch(filters);
  const set = (patch: Partial<AuditFilters>) => onChange({ ...filters, ...patch });
  const agentNames = agents.map((a) => a.name);
  if (filters.agent && !agentNames.includes(filters.agent)) agentNames.push(filters.agent);
  const known = ACTION_GROUPS.flatMap((g) => [g.prefix, ...g.actions.map((a) => `${g.prefix}.${a}`)]);

  return (
    <section aria-label="Filters" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <div>
          <label htmlFor="audit-action" className={filterLabelClass}>
            Action
          </label>
          <select
            id="audit-action"
            className={filterInputClass}
            value={filters.action ?? ""}
            onChange={(e) => set({ action: e.target.value || undefined })}
          >
            <option value="">All actions</option>
            {filters.action && !known.includes(filters.action) && (
              <option value={filters.action}>{filters.action}</option>
            )}
            {ACTION_GROUPS.map((g) => (
              <optgroup key={g.prefix} label={g.label}>
                <option value={g.prefix}>Every {g.label.toLowerCase()} change</option>
                {g.actions.map((a) => (
                  <option key={a} value={`${g.prefix}.${a}`}>
                    {`${g.prefix}.${a}`}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="audit-target" className={filterLabelClass}>
            Target
          </label>
          <select
            id="audit-target"
            className={filterInputClass}
            value={filters.targetType ?? ""}
            onChange={(e) => set({ targetType: e.target.value || undefined })}
          >
            <option value="">All targets</option>
            {TARGET_TYPES.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="audit-agent" className={filterLabelClass}>
            Agent
          </label>
          <select
            id="audit-agent"
            className={filterInputClass}
            value={filters.agent ?? ""}
            onChange={(e) => set({ agent: e.target.value || undefined })}
          >
            <option value="">All agents</option>
            {agentNames.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <TextFilter
          key={`actor-${filters.actor ?? ""}`}
          id="audit-actor"
          formLabel="Filter by actor"
          label="Actor (email, id or token)"
          name="actor"
          search={search}
          onSubmit={(actor) => set({ actor })}
          button="Apply"
        />
        <DayRangeFilter idPrefix="audit" from={filters.from} to={filters.to} onChange={set} />
        <TextFilter
          key={`q-${filters.q ?? ""}`}
          id="audit-q"
          formLabel="Search the entries"
          label="Text in the target or the values"
          name="q"
          search={search}
          onSubmit={(q) => set({ q })}
          button="Apply"
          className="sm:col-span-2"
        />
      </div>
    </section>
  );
}
