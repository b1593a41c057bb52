"use client";
// Create or edit a process as YAML. The text is checked by the server as typing pauses; problems are listed with
// their line and column and marked in the editor. Saving reports the same way (and a taken name).
import { useRef, useState } from "react";
import { buttonClass } from "@/components/app/button";
import { SubmitButton } from "@/components/app/submit-button";
import { ApiError, errorMessage, formErrors } from "@/lib/client/api";
import { useCreateProcess, useUpdateProcess, useValidateProcess } from "@/lib/client/processes";
import type { ProcessDto, ValidateResult, YamlError } from "@/lib/processes/schemas";
import { useDebouncedValue } from "./use-debounced-value";
import { focusLine, YamlEditor } from "./yaml-editor";
import { YamlProblems } from "./yaml-problems";

const CHECK_AFTER_MS = 400;

interface ProcessEditorProps {
  /** absent: a new process */
  process?: ProcessDto;
  initialYaml: string;
  canChange: boolean;
  onSaved?: (process: ProcessDto) => void;
}

/** The YAML problems of a failed save (400 and 409 name them with their place), or null for any other failure. */
function saveProblems(err: unknown): YamlError[] | null {
  if (!(err instanceof ApiError)) return null;
  const yaml = err.details.filter((d) => d.field === "yaml") as (YamlError & { field: string })[];
  if (yaml.length === 0) return null;
  return yaml.map(({ message, line, column, path }) => ({
    message,
    line: line ?? null,
    column: column ?? null,
    path: path ?? null,
  }));
}

function CheckStatus({
  id,
  result,
  checking,
  error,
}: {
  id: string;
  result: ValidateResult | undefined;
  checking: boolean;
  error: unknown;
}) {
  let text: React.ReactNode;
  if (error) text = <span className="text-rose-700">Could not check the definition: {errorMessage(error)}</span>;
  else if (!result) text = "Checking…";
  else if (!result.ok)
    text = (
      <span className="text-rose-700">
        {result.errors.length === 1 ? "1 problem" : `${result.errors.length} problems`}
      </span>
    );
  else {
    text = (
      <span className="text-emerald-700">
        No problems · {result.steps.length === 1 ? "1 step" : `${result.steps.length} steps`}:{" "}
        {result.steps.map((s) => s.id).join(" → ")}
      </span>
    );
  }
  return (
    <p id={id} aria-live="polite" className="text-sm text-slate-600">
      {text}
      {checking && result && <span className="ml-2 text-slate-600">checking…</span>}
    </p>
  );
}

export function ProcessEditor({ process, initialYaml, canChange, onSaved }: ProcessEditorProps) {
  const create = useCreateProcess();
  const update = useUpdateProcess(process?.id ?? "");
  const mutation = process ? update : create;
  const [yaml, setYaml] = useState(initialYaml);
  const [saveErrors, setSaveErrors] = useState<YamlError[] | null>(null);
  const [notice, setNotice] = useState("");
  const area = useRef<HTMLTextAreaElement>(null);

  const checked = useDebouncedValue(yaml, CHECK_AFTER_MS);
  const check = useValidateProcess(checked, canChange);
  const errors = saveErrors ?? check.data?.errors ?? [];
  const marks = errors.flatMap((e) => (e.line !== null ? [{ line: e.line, column: e.column }] : []));
  const dirty = process ? yaml !== process.yaml : true;
  const formError = mutation.isError && !saveErrors ? formErrors(mutation.error, []).general : null;
  const problems = errors.length === 1 ? "the 1 problem" : `the ${errors.length} problems`;
  const blockedBy = errors.length > 0 ? `Fix ${problems} in the YAML` : !dirty ? "No changes to save" : null;

  function change(next: string) {
    setYaml(next);
    setSaveErrors(null);
    setNotice("");
  }

  function onSubmit(event: React.FormEvent) {
    event.preventDefault();
    setNotice("");
    mutation.mutate(yaml, {
      onSuccess: (saved) => {
        setSaveErrors(null);
        setNotice(process ? `Saved as version ${saved.version}.` : "");
        onSaved?.(saved);
      },
      onError: (err) => setSaveErrors(saveProblems(err)),
    });
  }

  const statusId = "process-yaml-status";
  const problemsId = "process-yaml-problems";
  return (
    <form
      onSubmit={onSubmit}
      noValidate
      className="space-y-3"
      aria-label={process ? `Definition of ${process.name}` : "New process"}
    >
      <div className="flex flex-wrap items-end justify-between gap-2">
        <label htmlFor="process-yaml" className="text-sm font-medium text-slate-700">
          Definition (YAML)
        </label>
        {canChange && (
          <CheckStatus
            id={statusId}
            result={check.data}
            checking={check.isFetching || checked !== yaml}
            error={check.error}
          />
        )}
      </div>
      <YamlEditor
        id="process-yaml"
        value={yaml}
        onChange={change}
        marks={marks}
        readOnly={!canChange}
        textareaRef={area}
        aria-describedby={
          [errors.length ? problemsId : "", canChange ? statusId : ""].filter(Boolean).join(" ") || undefined
        }
        aria-invalid={errors.length > 0 || undefined}
      />
      <YamlProblems
        id={problemsId}
        errors={errors}
        onJump={(line, column) => area.current && focusLine(area.current, line, column)}
      />
      {formError && (
        <p role="alert" className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-800">
          {formError}
        </p>
      )}
      {canChange ? (
        <div className="flex flex-wrap items-center justify-end gap-3">
          <p aria-live="polite" className="mr-auto text-sm text-slate-600 empty:hidden">
            {notice}
          </p>
          {process && dirty && (
            <button type="button" className={buttonClass("ghost")} onClick={() => change(process.yaml)}>
              Discard changes
            </button>
          )}
          <SubmitButton
            id="process-save"
            pending={mutation.isPending}
            blockedBy={blockedBy}
            label={process ? "Save" : "Create process"}
            pendingLabel={process ? "Saving…" : "Creating…"}
          />
        </div>
      ) : (
        <p className="text-sm text-slate-600">Only the person who made this process or an admin can change it.</p>
      )}
    </form>
  );
}
