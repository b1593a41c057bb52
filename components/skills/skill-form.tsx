"use client";
// Create or edit a skill: its frontmatter fields, the instructions (body) and supporting files. Errors land beside their field.
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ModelField } from "@/components/agents/model-field";
import { buttonClass } from "@/components/app/button";
import { Field, inputClass } from "@/components/app/field";
import { blockedReason, problemsOf, SubmitButton } from "@/components/app/submit-button";
import { errorMessage } from "@/lib/client/api";
import { useCreateSkill, useUpdateSkill } from "@/lib/client/skills";
import type { SkillDto } from "@/lib/skills/schemas";
import { SkillFilesField } from "./skill-files-field";
import {
  apiSkillErrors,
  initialSkillValues,
  SKILL_LABELS,
  type SkillFormErrors,
  type SkillFormValues,
  toSkillBody,
} from "./skill-form-state";

export function SkillForm({ skill }: { skill?: SkillDto }) {
  const router = useRouter();
  const create = useCreateSkill();
  const update = useUpdateSkill(skill?.name ?? "");
  const mutation = skill ? update : create;
  const [values, setValues] = useState<SkillFormValues>(() => initialSkillValues(skill));
  const [apiErrors, setErrors] = useState<SkillFormErrors>({});
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());

  const set = <K extends keyof SkillFormValues>(key: K, value: SkillFormValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
    setTouched((t) => new Set(t).add(key));
  };

  // The browser's own check, live: beside a field once it was changed, and as the reason the button waits.
  const checked = toSkillBody(values, !skill);
  const live: SkillFormErrors = "errors" in checked ? checked.errors : {};
  const shownLive = Object.entries(live).filter(([k]) => touched.has(k));
  const errors: SkillFormErrors = {
    ...Object.fromEntries(shownLive),
    ...Object.fromEntries(Object.entries(apiErrors).filter(([, v]) => v)),
  };
  const blockedBy = blockedReason(
    skill ? "save the skill" : "create the skill",
    problemsOf(live, SKILL_LABELS, (k) => values[k as keyof SkillFormValues]),
  );

  const formError =
    mutation.error && Object.keys(apiSkillErrors(mutation.error)).length === 0 ? errorMessage(mutation.error) : null;
  const backHref = skill ? `/skills/${skill.name}` : "/skills";

  async function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    const parsed = toSkillBody(values, !skill);
    if ("errors" in parsed) {
      setErrors(parsed.errors);
      focusFirstError();
      return;
    }
    try {
      const saved = await mutation.mutateAsync(parsed.body);
      router.push(`/skills/${saved.name}`);
    } catch (err) {
      setErrors(apiSkillErrors(err));
      focusFirstError();
    }
  }

  const text = (
    key: "name" | "description" | "argumentHint" | "license" | "compatibility" | "allowedTools",
    props: React.InputHTMLAttributes<HTMLInputElement> = {},
  ) => (
    <input
      className={inputClass}
      value={values[key]}
      onChange={(e) => set(key, e.target.value)}
      autoComplete="off"
      spellCheck={false}
      {...props}
    />
  );

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

      <div className="grid gap-6 sm:grid-cols-2">
        {skill ? (
          <div>
            <p className="mb-1.5 block text-sm font-medium text-slate-700">Name</p>
            <p className="font-mono text-sm text-slate-900">{skill.name}</p>
            <p className="mt-1.5 text-xs text-slate-600">A skill keeps its name: agents and chats call it by it.</p>
          </div>
        ) : (
          <Field
            id="skill-name"
            label="Name"
            error={errors.name}
            hint="Lowercase letters, digits and hyphens; typed as /name in chat."
          >
            {text("name", { autoFocus: true, required: true, maxLength: 64 })}
          </Field>
        )}
        <Field
          id="skill-argument-hint"
          label="Argument hint"
          error={errors.argumentHint}
          hint="Shown after /name in chat, e.g. <ticket-id> [notes]: <name> is required (asked for before the playbook runs), [name] optional."
        >
          {text("argumentHint")}
        </Field>
      </div>

      <Field
        id="skill-description"
        label="Description"
        error={errors.description}
        hint="What it does and when an agent should use it (up to 1024 characters)."
      >
        <textarea
          className={inputClass}
          rows={3}
          value={values.description}
          onChange={(e) => set("description", e.target.value)}
          required
        />
      </Field>

      <Field
        id="skill-body"
        label="Instructions"
        error={errors.body}
        hint={
          <>
            Markdown. <code>$ARGUMENTS</code> is replaced by everything after the command; <code>$0</code>,{" "}
            <code>$1</code>, <code>$2</code>… by the first, second, third… argument, as Claude Code numbers them (
            <code>/name a b</code>: <code>$0</code> is a); quotes group words.
          </>
        }
      >
        <textarea
          className={`${inputClass} font-mono text-xs leading-relaxed`}
          rows={14}
          value={values.body}
          onChange={(e) => set("body", e.target.value)}
          spellCheck={false}
        />
      </Field>

      <div className="grid gap-6 sm:grid-cols-2">
        <ModelField
          id="skill-model"
          label="Model"
          value={values.model}
          onChange={(model) => set("model", model)}
          error={errors.model}
          defaultLabel="None: the agent's model"
        />
        <div>
          <p className="mb-1.5 block text-sm font-medium text-slate-700">Playbook</p>
          <label className="flex items-start gap-2 text-sm text-slate-700">
            <input
              type="checkbox"
              checked={values.userInvocable}
              onChange={(e) => set("userInvocable", e.target.checked)}
              aria-describedby="skill-user-invocable-hint"
              className="mt-0.5 size-4 rounded border-slate-300 text-indigo-600"
            />
            People can run it: Playbooks tab and /command in chat
          </label>
          <p id="skill-user-invocable-hint" className="mt-1.5 text-xs text-slate-600">
            Off: only agents use it, on their own judgement.
          </p>
          {errors.userInvocable && <p className="mt-1.5 text-sm text-rose-600">{errors.userInvocable}</p>}
        </div>
      </div>

      <fieldset className="grid gap-6 sm:grid-cols-2">
        <legend className="mb-3 text-sm font-semibold text-slate-900">More about it</legend>
        <Field id="skill-license" label="License" error={errors.license}>
          {text("license")}
        </Field>
        <Field
          id="skill-compatibility"
          label="Compatibility"
          error={errors.compatibility}
          hint="What it needs, e.g. git and network access."
        >
          {text("compatibility", { maxLength: 500 })}
        </Field>
        <Field
          id="skill-allowed-tools"
          label="Allowed tools"
          error={errors.allowedTools}
          hint="Space separated, e.g. Read Grep Bash(git:*)."
        >
          {text("allowedTools")}
        </Field>
        <Field id="skill-metadata" label="Metadata" error={errors.metadata} hint="One key: value per line.">
          <textarea
            className={`${inputClass} font-mono text-xs`}
            rows={3}
            value={values.metadata}
            onChange={(e) => set("metadata", e.target.value)}
            spellCheck={false}
          />
        </Field>
      </fieldset>

      <SkillFilesField files={values.files} onChange={(files) => set("files", files)} error={errors.files} />

      <div className="flex items-center justify-end gap-2 border-t border-slate-100 pt-5">
        <Link href={backHref} className={buttonClass("ghost")}>
          Cancel
        </Link>
        <SubmitButton
          id="skill-submit"
          pending={mutation.isPending}
          blockedBy={blockedBy}
          label={skill ? "Save skill" : "Create skill"}
          pendingLabel={skill ? "Saving…" : "Creating…"}
        />
      </div>
    </form>
  );
}

/** After a failed submit the keyboard goes to the first field that says what is wrong. */
function focusFirstError() {
  requestAnimationFrame(() => document.querySelector<HTMLElement>('form [aria-invalid="true"]')?.focus());
}
