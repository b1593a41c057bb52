"use client";
// Create or edit an agent. Field errors from the API land beside the field they name.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { buttonClass } from "@/components/app/button";
import { Field, inputClass } from "@/components/app/field";
import { blockedReason, problemsOf, SubmitButton } from "@/components/app/submit-button";
import type { AgentDto } from "@/lib/agents/schemas";
import { useCreateAgent, useUpdateAgent } from "@/lib/client/agents";
import { formErrors } from "@/lib/client/api";
import { type AgentFormValues, type FormErrors, initialValues, nameError, toBody } from "./agent-form-state";
import { ModelField } from "./model-field";
import { RunnerField } from "./runner-field";

type Props = { isAdmin: boolean } & ({ mode: "create"; agent?: undefined } | { mode: "edit"; agent: AgentDto });

const FIELDS = [
  "name",
  "description",
  "runtime",
  "model",
  "command",
  "concurrencyLimit",
  "timeoutSeconds",
  "runnerName",
] as const;

const LABELS = {
  name: "Name",
  model: "Model",
  command: "Command",
  concurrencyLimit: "Concurrency limit",
  timeoutSeconds: "Timeout",
  runnerName: "Runner",
} as const;

const apiFieldErrors = (err: unknown): FormErrors => formErrors(err, FIELDS).fields;

interface NumberFieldProps {
  id: string;
  label: string;
  min: number;
  max: number;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint: string;
}

function NumberField({ id, label, min, max, value, onChange, error, hint }: NumberFieldProps) {
  return (
    <Field id={id} label={label} error={error} hint={hint}>
      <input
        className={inputClass}
        type="number"
        inputMode="numeric"
        min={min}
        max={max}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </Field>
  );
}

export function AgentForm({ mode, agent, isAdmin }: Props) {
  const router = useRouter();
  const create = useCreateAgent();
  const update = useUpdateAgent(agent?.name ?? "");
  const mutation = mode === "create" ? create : update;
  const [values, setValues] = useState<AgentFormValues>(() => initialValues(agent));
  const [errors, setErrors] = useState<FormErrors>({});
  const [nameTouched, setNameTouched] = useState(false);
  const [touched, setTouched] = useState<ReadonlySet<keyof AgentFormValues>>(new Set());

  const set = <K extends keyof AgentFormValues>(key: K, value: AgentFormValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
    setTouched((t) => new Set(t).add(key));
  };

  // What the browser can check, live: beside a field once it was changed, and as the reason the button waits.
  const checked = toBody(values, mode);
  const live: FormErrors = "errors" in checked ? (checked.errors ?? {}) : {};
  const shown = (key: keyof AgentFormValues) => errors[key] ?? (touched.has(key) ? live[key] : undefined);
  const shownNameError = errors.name ?? (nameTouched && values.name ? nameError(values.name) : undefined);
  const formError = formErrors(mutation.error, FIELDS).general;
  const goal = mode === "create" ? "create the agent" : "save";
  const blockedBy = blockedReason(
    goal,
    problemsOf(live, LABELS, (k) => values[k]),
  );

  async function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    const parsed = toBody(values, mode);
    if ("errors" in parsed) {
      setErrors(parsed.errors ?? {});
      setNameTouched(true);
      return;
    }
    try {
      const saved = mode === "create" ? await create.mutateAsync(parsed.create) : await update.mutateAsync(parsed.body);
      router.push(`/agents/${saved.name}`);
    } catch (err) {
      setErrors(apiFieldErrors(err));
    }
  }

  const commandOffered = isAdmin || values.runtime === "command";
  return (
    <form
      onSubmit={onSubmit}
      noValidate
      className="space-y-6 rounded-lg border border-slate-200 bg-white p-6 shadow-sm"
    >
      {formError && (
        <p role="alert" className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-800">
          {formError}
        </p>
      )}

      {mode === "create" ? (
        <Field
          id="agent-name"
          label="Name"
          error={shownNameError}
          hint="Lowercase letters, digits and dashes, e.g. release-notes. It names the workspace folder and cannot change later."
        >
          <input
            className={`${inputClass} font-mono`}
            value={values.name}
            onChange={(e) => set("name", e.target.value)}
            onBlur={() => setNameTouched(true)}
            autoComplete="off"
            spellCheck={false}
            autoFocus
            required
          />
        </Field>
      ) : (
        <div>
          <p className="text-sm font-medium text-slate-700">Agent</p>
          <p className="mt-1 font-mono text-sm text-slate-900">{values.name}</p>
        </div>
      )}

      <Field
        id="agent-description"
        label="Description"
        error={shown("description")}
        hint="What this agent is for, in a sentence."
      >
        <textarea
          className={inputClass}
          rows={2}
          value={values.description}
          onChange={(e) => set("description", e.target.value)}
        />
      </Field>

      <div className="grid gap-6 sm:grid-cols-2">
        <Field
          id="agent-runtime"
          label="Runtime"
          error={shown("runtime")}
          hint={isAdmin ? "Command agents run a program on this server; only admins may set them up." : undefined}
        >
          <select
            className={inputClass}
            value={values.runtime}
            onChange={(e) => set("runtime", e.target.value as AgentFormValues["runtime"])}
          >
            <option value="claude-code">Claude Code</option>
            {commandOffered && <option value="command">Command (runs on the server)</option>}
          </select>
        </Field>
        <ModelField
          id="agent-model"
          label="Model"
          value={values.model}
          onChange={(model) => set("model", model)}
          error={shown("model")}
          hint={
            values.runtime === "command"
              ? "The command gets it as the CADRE_MODEL variable. Tasks may override it."
              : "Tasks may override it."
          }
        />
      </div>

      {values.runtime === "command" && (
        <Field
          id="agent-command"
          label="Command"
          error={shown("command")}
          hint="Runs in the agent's workspace. The task arrives on standard input; standard output is the response."
        >
          <input
            className={`${inputClass} font-mono`}
            value={values.command}
            onChange={(e) => set("command", e.target.value)}
            placeholder="e.g. ./answer.sh"
            autoComplete="off"
            spellCheck={false}
            required
          />
        </Field>
      )}

      <div className="grid gap-6 sm:grid-cols-2">
        <NumberField
          id="agent-concurrency"
          label="Concurrency limit"
          min={1}
          max={32}
          value={values.concurrencyLimit}
          onChange={(v) => set("concurrencyLimit", v)}
          error={shown("concurrencyLimit")}
          hint="Tasks that may run at once (1–32); more wait in the queue."
        />
        <NumberField
          id="agent-timeout"
          label="Timeout (seconds)"
          min={1}
          max={86400}
          value={values.timeoutSeconds}
          onChange={(v) => set("timeoutSeconds", v)}
          error={shown("timeoutSeconds")}
          hint="A task running longer is stopped (1–86400)."
        />
      </div>

      <div className="grid gap-6 sm:grid-cols-2">
        <RunnerField
          id="agent-runner"
          value={values.runnerName}
          onChange={(v) => set("runnerName", v)}
          error={shown("runnerName")}
        />
      </div>

      {mode === "create" && (
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <input
            type="checkbox"
            className="size-4 rounded border-slate-300 accent-indigo-600"
            checked={values.start}
            onChange={(e) => set("start", e.target.checked)}
          />
          Start it right away, so it accepts tasks
        </label>
      )}

      <div className="flex items-center justify-end gap-2 border-t border-slate-100 pt-5">
        <Link href={mode === "create" ? "/agents" : `/agents/${values.name}`} className={buttonClass("ghost")}>
          Cancel
        </Link>
        <SubmitButton
          id="agent-submit"
          pending={mutation.isPending}
          blockedBy={blockedBy}
          label={mode === "create" ? "Create agent" : "Save changes"}
          pendingLabel={mode === "create" ? "Creating…" : "Saving…"}
        />
      </div>
    </form>
  );
}
