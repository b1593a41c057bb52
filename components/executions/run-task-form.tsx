"use client";
// "Run a task": send a message to the agent without waiting; the notice follows the new execution until it ends.
import { useState } from "react";
import { ModelField } from "@/components/agents/model-field";
import { buttonClass } from "@/components/app/button";
import { Field, inputClass } from "@/components/app/field";
import { ApiError, errorMessage } from "@/lib/client/api";
import { useExecution, useRunTask } from "@/lib/client/executions";
import { formatDuration } from "@/lib/client/format";
import type { AgentDto } from "@/lib/agents/schemas";
import { executionStatusLabel } from "./execution-status-badge";

function TaskProgress({ id }: { id: string }) {
  const { data: e } = useExecution(id);
  if (!e) return null;
  const text =
    e.status === "queued"
      ? "Task queued. It is at the top of the list below."
      : e.status === "running"
        ? "Task running…"
        : `Task ${executionStatusLabel(e.status).toLowerCase()}${e.durationMs != null ? ` after ${formatDuration(e.durationMs)}` : ""}. Its result is in the list below.`;
  return <>{text}</>;
}

interface RunTaskFormProps {
  agent: AgentDto;
  onStarted: (executionId: string) => void;
}

export function RunTaskForm({ agent, onStarted }: RunTaskFormProps) {
  const run = useRunTask(agent.name);
  const [message, setMessage] = useState("");
  const [model, setModel] = useState("");
  const [lastId, setLastId] = useState<string | null>(null);
  const [emptyError, setEmptyError] = useState(false);

  async function submit() {
    if (!message.trim()) return setEmptyError(true);
    // Cleared at once so a second click cannot send it twice; put back if the request fails.
    setMessage("");
    try {
      const execution = await run.mutateAsync({ message, ...(model ? { model } : {}) });
      setLastId(execution.id);
      onStarted(execution.id);
    } catch {
      setMessage((current) => current || message);
    }
  }

  const apiError = run.error instanceof ApiError ? run.error : null;
  const messageError = emptyError ? "Write what the agent should do" : apiError?.fieldError("message");
  const modelError = apiError?.fieldError("model");
  const otherError = run.error && !messageError && !modelError ? errorMessage(run.error) : null;

  return (
    <section aria-labelledby="run-task-heading" className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
      <h2 id="run-task-heading" className="text-base font-semibold text-slate-900">
        Run a task
      </h2>
      {agent.status === "stopped" && (
        <p className="mt-1 text-sm text-amber-700">This agent is stopped. Start it to run tasks; queued tasks wait until then.</p>
      )}
      <form
        className="mt-4 space-y-4"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Field id="task-message" label="Message" error={messageError} hint="Ctrl+Enter or ⌘+Enter runs it.">
          <textarea
            className={inputClass}
            rows={4}
            value={message}
            placeholder="What should the agent do?"
            onChange={(e) => {
              setMessage(e.target.value);
              setEmptyError(false);
            }}
            onKeyDown={(e) => {
              if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                void submit();
              }
            }}
          />
        </Field>
        <div className="flex flex-wrap items-end justify-between gap-4">
          <div className="w-full sm:w-64">
            <ModelField
              id="task-model"
              label="Model override"
              value={model}
              onChange={setModel}
              error={modelError}
              defaultLabel={`Agent default (${agent.model})`}
              hint={agent.runtime === "command" ? "The command gets it as the CADRE_MODEL variable." : undefined}
            />
          </div>
          <button type="submit" className={buttonClass("primary")} disabled={run.isPending}>
            {run.isPending ? "Sending…" : "Run task"}
          </button>
        </div>
        {otherError && (
          <p role="alert" className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-800">
            {otherError}
          </p>
        )}
        <p aria-live="polite" className="text-sm text-slate-600 empty:hidden">
          {lastId && <TaskProgress id={lastId} />}
        </p>
      </form>
    </section>
  );
}
