"use client";
// Pause a schedule: a note for the team and, optionally, when the worker resumes it by itself.
import { useState } from "react";
import { buttonClass } from "@/components/app/button";
import { Field, inputClass } from "@/components/app/field";
import { ModalDialog } from "@/components/app/modal-dialog";
import { ApiError, errorMessage, formErrors } from "@/lib/client/api";
import { usePauseSchedule } from "@/lib/client/schedules";
import type { ScheduleDto } from "@/lib/schedules/schemas";
import { fromLocalInput } from "./local-time";

interface PauseDialogProps {
  agentName: string;
  schedule: ScheduleDto;
  open: boolean;
  onClose: () => void;
}

export function PauseDialog({ agentName, schedule, open, onClose }: PauseDialogProps) {
  const pause = usePauseSchedule(agentName);
  const [note, setNote] = useState("");
  const [resumeAt, setResumeAt] = useState("");
  const [localError, setLocalError] = useState<string | undefined>();
  const apiErrors = pause.error instanceof ApiError ? formErrors(pause.error, ["note", "resumeAt"] as const) : null;

  function submit(event: React.FormEvent) {
    event.preventDefault();
    const at = fromLocalInput(resumeAt);
    if (at === undefined) return setLocalError("Pick a date and time");
    if (at && Date.parse(at) <= Date.now()) return setLocalError("Resume time must be in the future");
    setLocalError(undefined);
    pause.mutate(
      { id: schedule.id, body: { ...(note.trim() ? { note: note.trim() } : {}), ...(at ? { resumeAt: at } : {}) } },
      {
        onSuccess: () => {
          setNote("");
          setResumeAt("");
          onClose();
        },
      },
    );
  }

  return (
    <ModalDialog
      width="lg"
      open={open}
      title={`Pause ${schedule.name}`}
      onClose={() => {
        pause.reset();
        onClose();
      }}
    >
      {open && (
        <form onSubmit={submit} noValidate className="mt-4 space-y-4">
          <p className="text-sm text-slate-600">
            A paused schedule runs nothing. Times that pass while it is paused are not run later.
          </p>
          <Field id="pause-note" label="Note" error={apiErrors?.fields.note} hint="Why it is paused, for the team.">
            <input className={inputClass} value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
          </Field>
          <Field
            id="pause-resume-at"
            label="Resume at (optional)"
            error={localError ?? apiErrors?.fields.resumeAt}
            hint="Cadre resumes it by itself at this time (your clock). Empty: until someone resumes it."
          >
            <input
              className={inputClass}
              type="datetime-local"
              value={resumeAt}
              onChange={(e) => setResumeAt(e.target.value)}
            />
          </Field>
          {pause.isError && !apiErrors?.fields.note && !apiErrors?.fields.resumeAt && (
            <p role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700">
              {errorMessage(pause.error)}
            </p>
          )}
          <div className="flex justify-end gap-2">
            <button type="button" className={buttonClass("secondary")} onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className={buttonClass("primary")} disabled={pause.isPending}>
              {pause.isPending ? "Pausing…" : "Pause schedule"}
            </button>
          </div>
        </form>
      )}
    </ModalDialog>
  );
}
