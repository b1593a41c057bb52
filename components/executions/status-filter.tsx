"use client";
// A labelled select of execution statuses ("" = all), shared by the agent's executions and a schedule's history.
import { inputClass } from "@/components/app/field";
import { EXECUTION_STATUSES, type ExecutionStatus } from "@/lib/executions/schemas";
import { executionStatusLabel } from "./execution-status-badge";

interface Props {
  id: string;
  label: string;
  value: ExecutionStatus | "";
  onChange: (status: ExecutionStatus | "") => void;
}

export function StatusFilter({ id, label, value, onChange }: Props) {
  return (
    <div className="flex items-center gap-2">
      <label htmlFor={id} className="text-sm text-slate-600">
        {label}
      </label>
      <select
        id={id}
        className={`${inputClass} w-auto py-1.5`}
        value={value}
        onChange={(e) => onChange(e.target.value as ExecutionStatus | "")}
      >
        <option value="">All statuses</option>
        {EXECUTION_STATUSES.map((s) => (
          <option key={s} value={s}>
            {executionStatusLabel(s)}
          </option>
        ))}
      </select>
    </div>
  );
}
