"use client";
// Pick a skill from the library that the agent does not have yet and add it.
import { useState } from "react";
import { buttonClass } from "@/components/app/button";
import { Field, inputClass } from "@/components/app/field";
import { ApiError, errorMessage } from "@/lib/client/api";
import { useSkills } from "@/lib/client/skills";

interface AddSkillFormProps {
  assigned: string[];
  pending: boolean;
  error: unknown;
  onAdd: (skill: string) => void;
}

export function AddSkillForm({ assigned, pending, error, onAdd }: AddSkillFormProps) {
  const library = useSkills();
  const [chosen, setChosen] = useState("");
  const [missing, setMissing] = useState(false);
  const available = (library.data ?? []).filter((s) => !assigned.includes(s.name));
  const apiError = error instanceof ApiError ? error : null;
  const fieldError = missing
    ? "Choose a skill to add"
    : error
      ? (apiError?.fieldError("skills") ?? apiError?.fieldError("skill") ?? errorMessage(error))
      : undefined;

  function submit(event: React.FormEvent) {
    event.preventDefault();
    if (!chosen) return setMissing(true);
    onAdd(chosen);
    setChosen("");
  }

  return (
    <section aria-labelledby="add-skill-heading" className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
      <h3 id="add-skill-heading" className="text-sm font-semibold text-slate-900">
        Add from the library
      </h3>
      {library.isError ? (
        <p role="alert" className="mt-2 text-sm text-rose-700">
          Could not load the library: {errorMessage(library.error)}
        </p>
      ) : (
        <form onSubmit={submit} noValidate className="mt-3 flex flex-wrap items-start gap-3">
          <Field
            id="add-skill"
            label="Skill"
            error={fieldError}
            className="min-w-64 flex-1"
            hint={
              library.isPending
                ? "Loading the library…"
                : available.length === 0
                  ? "Every skill of the library is assigned already."
                  : undefined
            }
          >
            <select
              className={inputClass}
              value={chosen}
              disabled={library.isPending || available.length === 0}
              onChange={(e) => {
                setChosen(e.target.value);
                setMissing(false);
              }}
            >
              <option value="">Choose a skill…</option>
              {available.map((s) => (
                <option key={s.name} value={s.name}>
                  {s.name}
                  {s.valid ? "" : " (invalid: not written to the workspace)"} — {s.description.slice(0, 80)}
                </option>
              ))}
            </select>
          </Field>
          <button
            type="submit"
            className={`${buttonClass("primary")} mt-7`}
            disabled={pending || available.length === 0}
          >
            {pending ? "Adding…" : "Add skill"}
          </button>
        </form>
      )}
    </section>
  );
}
