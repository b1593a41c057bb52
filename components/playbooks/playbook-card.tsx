"use client";
// One playbook: what it does and what it takes. One whose hint names arguments has a field for each (Run waits for
// the required ones); others run at once, or with instructions typed in a field.
import { useEffect, useId, useRef, useState } from "react";
import { buttonClass } from "@/components/app/button";
import { inputClass } from "@/components/app/field";
import { errorMessage } from "@/lib/client/api";
import { useRunPlaybook } from "@/lib/client/skills";
import type { PlaybookDto } from "@/lib/skills/schemas";
import { PlaybookArgumentsForm } from "./playbook-arguments-form";
import { PlaybookRunResult } from "./playbook-run-result";

/** `stoppedNotice`: while the agent is stopped, the id of the notice saying so; its Run buttons are off and point to it. */
export function PlaybookCard({
  agentName,
  playbook,
  stoppedNotice,
}: {
  agentName: string;
  playbook: PlaybookDto;
  stoppedNotice: string | null;
}) {
  const run = useRunPlaybook(agentName);
  const [withInstructions, setWithInstructions] = useState(false);
  const [instructions, setInstructions] = useState("");
  const [runId, setRunId] = useState<string | null>(null);
  const fieldId = useId();
  const titleId = `${fieldId}-title`;
  const revealButton = useRef<HTMLButtonElement>(null);
  const wasRevealed = useRef(false);

  // Closing the field removes the control that had focus; the button that opened it takes it back.
  useEffect(() => {
    if (!withInstructions && wasRevealed.current) revealButton.current?.focus();
    wasRevealed.current = withInstructions;
  }, [withInstructions]);

  function start(args?: string) {
    run.mutate({ skill: playbook.name, args }, { onSuccess: (execution) => setRunId(execution.id) });
  }

  return (
    <li
      aria-labelledby={titleId}
      className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
    >
      <div>
        <h3 id={titleId} className="font-mono text-sm font-semibold text-slate-900">
          {playbook.name}
        </h3>
        <p className="mt-1 text-sm text-slate-600">{playbook.description}</p>
        {playbook.argumentHint && (
          <p className="mt-1 text-xs text-slate-600">
            Takes <code className="font-mono">{playbook.argumentHint}</code>
          </p>
        )}
      </div>

      {playbook.arguments.length > 0 ? (
        <PlaybookArgumentsForm
          playbook={playbook}
          submitLabel="Run"
          submitDescription={`${playbook.name} with these arguments`}
          busy={run.isPending}
          blockedBy={stoppedNotice}
          onSubmit={(args) => start(args || undefined)}
        />
      ) : withInstructions ? (
        <form
          className="space-y-2"
          onSubmit={(e) => {
            e.preventDefault();
            start(instructions.trim() || undefined);
          }}
        >
          <label htmlFor={fieldId} className="block text-sm font-medium text-slate-700">
            Instructions for {playbook.name}
          </label>
          <input
            id={fieldId}
            className={inputClass}
            value={instructions}
            placeholder={playbook.argumentHint ?? "What to work on"}
            onChange={(e) => setInstructions(e.target.value)}
            autoComplete="off"
            autoFocus
          />
          <div className="flex gap-2">
            <button
              type="submit"
              className={buttonClass("primary", "sm")}
              disabled={run.isPending || !!stoppedNotice}
              aria-describedby={stoppedNotice ?? undefined}
            >
              {run.isPending ? "Starting…" : "Run"}
              <span className="sr-only"> {playbook.name} with these instructions</span>
            </button>
            <button type="button" className={buttonClass("ghost", "sm")} onClick={() => setWithInstructions(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <div className="mt-auto flex flex-wrap gap-2">
          <button
            type="button"
            className={buttonClass("primary", "sm")}
            disabled={run.isPending || !!stoppedNotice}
            aria-describedby={stoppedNotice ?? undefined}
            onClick={() => start()}
          >
            {run.isPending ? "Starting…" : "Run"}
            <span className="sr-only"> {playbook.name}</span>
          </button>
          <button
            type="button"
            ref={revealButton}
            className={buttonClass("secondary", "sm")}
            onClick={() => setWithInstructions(true)}
          >
            Run with instructions
            <span className="sr-only"> {playbook.name}</span>
          </button>
        </div>
      )}

      {run.isError && (
        <p role="alert" className="text-sm text-rose-700">
          {errorMessage(run.error)}
        </p>
      )}
      {runId && <PlaybookRunResult key={runId} id={runId} playbook={playbook.name} />}
    </li>
  );
}
