"use client";
// Start a run with an input object (JSON). The field starts with the keys the definition's templates read
// ({{input.key}}), so filling it in is usually all there is to do.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { buttonClass } from "@/components/app/button";
import { Field, inputClass } from "@/components/app/field";
import { blockedReason, SubmitButton } from "@/components/app/submit-button";
import { errorMessage, formErrors } from "@/lib/client/api";
import { useStartRun } from "@/lib/client/processes";
import type { ProcessDto } from "@/lib/processes/schemas";

/** `{ "week": "" }` for a definition that reads {{input.week}}. */
export function inputSkeleton(yaml: string): string {
  const keys = new Set([...yaml.matchAll(/\{\{\s*input\.([A-Za-z0-9_-]+)\s*\}\}/g)].map((m) => m[1]));
  return JSON.stringify(Object.fromEntries([...keys].map((k) => [k, ""])), null, 2);
}

function parseInput(text: string): { input: Record<string, unknown> } | { error: string } {
  if (!text.trim()) return { input: {} };
  try {
    const value: unknown = JSON.parse(text);
    if (value === null || typeof value !== "object" || Array.isArray(value))
      return { error: 'Use a JSON object, e.g. { "week": "2024-W18" }' };
    return { input: value as Record<string, unknown> };
  } catch (err) {
    return { error: `Not valid JSON: ${errorMessage(err)}` };
  }
}

export function StartRunForm({ process }: { process: ProcessDto }) {
  const router = useRouter();
  const start = useStartRun(process.id);
  const [text, setText] = useState(() => inputSkeleton(process.yaml));
  const parsed = parseInput(text);
  const failed = formErrors(start.error, ["input"] as const);
  // The JSON is checked as it is typed; the API's word on it shows in the same place.
  const error = "error" in parsed ? parsed.error : failed.fields.input;
  const blockedBy = blockedReason("start it", "error" in parsed ? [{ label: "Input (JSON)", empty: false }] : []);

  function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    if ("error" in parsed) return;
    start.mutate(parsed.input, { onSuccess: (run) => router.push(`/process-runs/${run.id}`) });
  }

  return (
    <section aria-labelledby="start-run-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <h2 id="start-run-heading" className="text-base font-semibold text-slate-900">
        Start a run
      </h2>
      <form onSubmit={onSubmit} noValidate className="mt-3 space-y-3">
        <Field
          id="run-input"
          label="Input (JSON)"
          error={error}
          hint="Templates read it as {{input.key}}; missing keys read as empty."
        >
          <textarea
            className={`${inputClass} font-mono text-xs`}
            rows={5}
            spellCheck={false}
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              start.reset();
            }}
          />
        </Field>
        {failed.general && (
          <p role="alert" className="text-sm text-rose-700">
            {failed.general}
          </p>
        )}
        <SubmitButton
          id="start-run-submit"
          pending={start.isPending}
          blockedBy={blockedBy}
          label="Start run"
          pendingLabel="Starting…"
          className={`${buttonClass("primary")} w-full`}
        />
      </form>
    </section>
  );
}
