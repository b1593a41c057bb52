"use client";
// "Run a task": send a message to the agent without waiting; the notice follows the new execution until it ends.
// On a stopped agent the button waits and says why, instead of sending a task the API would refuse.
import { useState } from "react";
import { ModelField } from "@/components/agents/model-field";
import { Field, inputClass } from "@/components/app/field";
import { blockedReason, SubmitButton } from "@/components/app/submit-button";
import type { AgentDto } from "@/lib/agents/schemas";
import { formErrors } from "@/lib/client/api";
import { useExecution, useRunTask } from "@/lib/client/executions";
import { formatDuration } from "@/lib/client/format";
import { executionStatusLabel } from "./execution-status-badge";

/** Why the agent cannot take a task now, said the same way wherever it shows. */
export const AGENT_STOPPED = "The agent is stopped — start it to run tasks";

function TaskProgress({ id, stopped }: { id: string; stopped: boolean }) {
  const { data: e } = useExecution(id);
  if (!e) return null;
  const text =
    e.status === "queued"
      ? stopped
        ? "Task queued; it runs once the agent is started."
        : "Task queued. It is at the top of the list below."
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
  const stopped = agent.status === "stopped";
  const blockedBy = stopped
    ? AGENT_STOPPED
    : blockedReason("run it", message.trim() ? [] : [{ label: "Message", empty: true }]);

  async function submit() {
    if (blockedBy || run.isPending) return;
    // Cleared at once so a second click cannot send it twice; put back if the request fails. The notice of the
    // previous task goes too: it is not about this one.
    setMessage("");
    setLastId(null);
    try {
      const execution = await run.mutateAsync({ message, ...(model ? { model } : {}) });
      setLastId(execution.id);
      onStarted(execution.id);
    } catch {
      setMessage((current) => current || message);
    }
  }

  const failed = formErrors(run.error, ["message", "model"] as const);
  const messageError = failed.fields.message;
  const modelError = failed.fields.model;
  // A refusal because the agent is stopped is already said beside the button.
  const otherError = stopped && run.error ? null : failed.general;

  return (
    <section aria-labelledby="run-task-heading" className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
      <h2 id="run-task-heading" className="text-base font-semibold text-slate-900">
        Run a task
      </h2>
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
            onChange={(e) => setMessage(e.target.value)}
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
          <div className="flex flex-wrap items-center justify-end gap-3">
            <SubmitButton
              id="run-task-submit"
              pending={run.isPending}
              blockedBy={blockedBy}
              label="Run task"
              pendingLabel="Sending…"
            />
          </div>
        </div>
        {otherError && (
          <p role="alert" className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm text-rose-800">
            {otherError}
          </p>
        )}
        <p aria-live="polite" className="text-sm text-slate-600 empty:hidden">
          {lastId && <TaskProgress id={lastId} stopped={stopped} />}
        </p>
      </form>
    </section>
  );
}
