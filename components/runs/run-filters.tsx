"use client";
// The Runs view's filter bar. Each change becomes the page's address (see runs-view.tsx), so the filters live in the
// URL: back and forward step through them, and a shared address shows the same runs.
import { DayRangeFilter } from "@/components/app/day-range-filter";
import { filterInputClass, filterLabelClass } from "@/components/app/field";
import { TextFilter } from "@/components/app/text-filter";
import { executionStatusLabel } from "@/components/executions/execution-status-badge";
import { useAgents } from "@/lib/client/agents";
import { useProcesses } from "@/lib/client/processes";
import { runFiltersSearch } from "@/lib/client/runs";
import { useScheduleOverview } from "@/lib/client/schedules";
import { EXECUTION_STATUSES, type RunFilters, TRIGGERS, type Trigger } from "@/lib/executions/schemas";

interface Props {
  filters: RunFilters;
  onChange: (next: RunFilters) => void;
}

function Select({
  id,
  label,
  value,
  onChange,
  children,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string | undefined) => void;
  children: React.ReactNode;
}) {
  return (
    <div>
      <label htmlFor={id} className={filterLabelClass}>
        {label}
      </label>
      <select
        id={id}
        className={filterInputClass}
        value={value}
        onChange={(e) => onChange(e.target.value || undefined)}
      >
        {children}
      </select>
    </div>
  );
}

/** Every schedule the viewer may see (the overview lists them across agents), narrowed to the chosen agent's. */
function ScheduleSelect({ agent, value, onChange }: { agent?: string; value: string; onChange: (v?: string) => void }) {
  const all = useScheduleOverview("24h").data?.schedules ?? [];
  const schedules = agent ? all.filter((s) => s.agentName === agent) : all;
  return (
    <Select id="runs-schedule" label="Schedule" value={value} onChange={onChange}>
      <option value="">All schedules</option>
      {value && !schedules.some((s) => s.id === value) && <option value={value}>This schedule</option>}
      {schedules.map((s) => (
        <option key={s.id} value={s.id}>
          {agent ? s.name : `${s.agentName} / ${s.name}`}
        </option>
      ))}
    </Select>
  );
}

function StatusChoice({
  value,
  onChange,
}: {
  value: RunFilters["status"];
  onChange: (v: RunFilters["status"]) => void;
}) {
  const chosen = new Set(value ?? []);
  return (
    <fieldset className="sm:col-span-2 lg:col-span-4">
      <legend className={filterLabelClass}>Status</legend>
      <div className="flex flex-wrap gap-x-4 gap-y-1.5">
        {EXECUTION_STATUSES.map((s) => (
          <label key={s} className="inline-flex items-center gap-1.5 text-sm text-slate-700">
            <input
              type="checkbox"
              className="size-4 rounded border-slate-300 text-indigo-600"
              checked={chosen.has(s)}
              onChange={(e) => {
                const next = EXECUTION_STATUSES.filter((x) => (x === s ? e.target.checked : chosen.has(x)));
                onChange(next.length > 0 ? next : undefined);
              }}
            />
            {executionStatusLabel(s)}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export function RunFiltersBar({ filters, onChange }: Props) {
  const agents = useAgents().data ?? [];
  const processes = useProcesses().data ?? [];
  const search = runFiltersSearch(filters);
  const set = (patch: Partial<RunFilters>) => onChange({ ...filters, ...patch });
  const agentNames = agents.map((a) => a.name);
  if (filters.agent && !agentNames.includes(filters.agent)) agentNames.push(filters.agent);

  return (
    <section aria-label="Filters" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <Select
          id="runs-agent"
          label="Agent"
          value={filters.agent ?? ""}
          // another agent's schedules do not apply
          onChange={(agent) => set({ agent, schedule: undefined })}
        >
          <option value="">All agents</option>
          {agentNames.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </Select>
        <Select
          id="runs-trigger"
          label="Trigger"
          value={filters.trigger ?? ""}
          onChange={(v) => set({ trigger: v as Trigger | undefined })}
        >
          <option value="">All triggers</option>
          {TRIGGERS.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </Select>
        <ScheduleSelect
          agent={filters.agent}
          value={filters.schedule ?? ""}
          onChange={(schedule) => set({ schedule })}
        />
        <Select
          id="runs-process"
          label="Process"
          value={filters.process ?? ""}
          onChange={(process) => set({ process })}
        >
          <option value="">All processes</option>
          {filters.process && !processes.some((p) => p.id === filters.process) && (
            <option value={filters.process}>This process</option>
          )}
          {processes.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </Select>
        <DayRangeFilter idPrefix="runs" from={filters.from} to={filters.to} onChange={set} />
        <TextFilter
          key={filters.q ?? ""}
          id="runs-q"
          formLabel="Search the runs"
          name="q"
          label="Text in the message or response"
          search={search}
          onSubmit={(q) => set({ q })}
          button="Search"
          className="sm:col-span-2"
        />
        <StatusChoice value={filters.status} onChange={(status) => set({ status })} />
      </div>
      {filters.retryOf && (
        <p className="mt-3 text-sm text-slate-700">
          Showing one run and its retries.{" "}
          <button
            type="button"
            className="font-medium text-indigo-700 underline"
            onClick={() => set({ retryOf: undefined })}
          >
            Show all runs
          </button>
        </p>
      )}
    </section>
  );
}
