"use client";
// Model choice: the three aliases, or a custom model id typed in a second field.
import { useState } from "react";
import { Field, inputClass } from "@/components/app/field";
import { MODEL_ALIASES } from "@/lib/agents/schemas";

const CUSTOM = "__custom";
const DEFAULT = "";

const isAlias = (v: string) => (MODEL_ALIASES as readonly string[]).includes(v);

interface ModelFieldProps {
  id: string;
  label: string;
  value: string;
  onChange: (model: string) => void;
  error?: string;
  hint?: React.ReactNode;
  /** offer "use the agent's default" as the empty value, e.g. `Agent default (sonnet)` */
  defaultLabel?: string;
  disabled?: boolean;
}

export function ModelField({ id, label, value, onChange, error, hint, defaultLabel, disabled }: ModelFieldProps) {
  const [custom, setCustom] = useState(() => value !== DEFAULT && !isAlias(value));
  const selected = custom ? CUSTOM : value;

  return (
    <div className="space-y-3">
      <Field id={id} label={label} hint={custom ? undefined : hint} error={custom ? undefined : error}>
        <select
          className={inputClass}
          value={selected}
          disabled={disabled}
          onChange={(e) => {
            const next = e.target.value;
            setCustom(next === CUSTOM);
            onChange(next === CUSTOM ? "" : next);
          }}
        >
          {defaultLabel !== undefined && <option value={DEFAULT}>{defaultLabel}</option>}
          {MODEL_ALIASES.map((alias) => (
            <option key={alias} value={alias}>
              {alias[0].toUpperCase() + alias.slice(1)}
            </option>
          ))}
          <option value={CUSTOM}>Custom model id…</option>
        </select>
      </Field>
      {custom && (
        <Field id={`${id}-custom`} label="Custom model id" error={error} hint="For example claude-sonnet-4-5-20250929.">
          <input
            className={`${inputClass} font-mono`}
            value={value}
            disabled={disabled}
            onChange={(e) => onChange(e.target.value.trim())}
            autoComplete="off"
            spellCheck={false}
            required
          />
        </Field>
      )}
    </div>
  );
}
