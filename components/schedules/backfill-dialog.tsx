"use client";
// Backfill: pick a past range, preview its slots (those that already ran are marked), then confirm to run the rest
// once each. The preview and the confirmation come from the same API call, with and without `confirm`.
import { useState } from "react";
import { buttonClass } from "@/components/app/button";
import { Field, inputClass } from "@/components/app/field";
import { ModalDialog } from "@/components/app/modal-dialog";
import { Time } from "@/components/app/time";
import { ApiError, errorMessage, formErrors } from "@/lib/client/api";
import { useBackfillSchedule } from "@/lib/client/schedules";
import { BACKFILL_MAX_SLOTS, type BackfillDto, type BackfillSlotDto, type ScheduleDto } from "@/lib/schedules/schemas";
import { fromLocalInput } from "./local-time";

interface BackfillDialogProps {
  agentName: string;
  schedule: ScheduleDto;
  open: boolean;
  onClose: () => void;
}

const OUTCOME_TEXT: Record<BackfillSlotDto["outcome"], string> = {
  will_run: "Will run",
  already_ran: "Already ran",
  queued: "Queued",
  skipped: "Skipped: already ran",
};

function SlotsTable({ backfill, timeZone }: { backfill: BackfillDto; timeZone: string }) {
  if (backfill.slots.length === 0) return <p className="text-sm text-slate-600">No times in this range.</p>;
  return (
    <div className="max-h-64 overflow-y-auto rounded-md border border-slate-200">
      <table className="card-table w-full text-left text-sm">
        <caption className="sr-only">{backfill.confirmed ? "Backfilled times" : "Times in the range"}</caption>
        <thead className="bg-slate-50 text-xs text-slate-600">
          <tr>
            <th scope="col" className="px-3 py-2 font-medium">
              Time
            </th>
            <th scope="col" className="px-3 py-2 font-medium">
              Outcome
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {backfill.slots.map((s) => (
            <tr key={s.slot}>
              <td data-label="Time" className="px-3 py-1.5">
                <Time at={s.slot} show="absolute" timeZone={timeZone} />
              </td>
              <td data-label="Outcome" className="px-3 py-1.5">
                {OUTCOME_TEXT[s.outcome]}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function BackfillDialog({ agentName, schedule, open, onClose }: BackfillDialogProps) {
  const backfill = useBackfillSchedule(agentName);
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [result, setResult] = useState<BackfillDto | null>(null);
  const [localErrors, setLocalErrors] = useState<{ from?: string; to?: string }>({});
  const apiErrors = backfill.error instanceof ApiError ? formErrors(backfill.error, ["from", "to"] as const) : null;
  const toRun = result && !result.confirmed ? result.slots.filter((s) => s.outcome === "will_run").length : 0;

  function send(confirm: boolean) {
    const f = fromLocalInput(from);
    const t = fromLocalInput(to);
    const errors = { from: f ? undefined : "Pick a date and time", to: t ? undefined : "Pick a date and time" };
    setLocalErrors(errors);
    if (!f || !t) return;
    backfill.mutate({ id: schedule.id, body: { from: f, to: t, confirm } }, { onSuccess: setResult });
  }

  function close() {
    backfill.reset();
    setResult(null);
    onClose();
  }

  return (
    <ModalDialog width="lg" open={open} title={`Backfill ${schedule.name}`} onClose={close}>
      {open && (
        <form
          noValidate
          className="mt-4 space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            send(false);
          }}
        >
          <p className="text-sm text-slate-600">
            Runs the schedule&apos;s times in a past range, each once; times that already ran are skipped. At most{" "}
            {BACKFILL_MAX_SLOTS} times.
          </p>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field id="backfill-from" label="From" error={localErrors.from ?? apiErrors?.fields.from}>
              <input
                className={inputClass}
                type="datetime-local"
                value={from}
                onChange={(e) => {
                  setFrom(e.target.value);
                  setResult(null);
                }}
              />
            </Field>
            <Field id="backfill-to" label="To" error={localErrors.to ?? apiErrors?.fields.to}>
              <input
                className={inputClass}
                type="datetime-local"
                value={to}
                onChange={(e) => {
                  setTo(e.target.value);
                  setResult(null);
                }}
              />
            </Field>
          </div>
          {backfill.isError && !apiErrors?.fields.from && !apiErrors?.fields.to && (
            <p role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700">
              {errorMessage(backfill.error)}
            </p>
          )}
          {result && (
            <section aria-label={result.confirmed ? "Backfill result" : "Backfill preview"} className="space-y-2">
              <p aria-live="polite" className="text-sm text-slate-700">
                {result.confirmed
                  ? `${result.slots.filter((s) => s.outcome === "queued").length} runs queued; ${result.slots.filter((s) => s.outcome === "skipped").length} skipped.`
                  : `${result.slots.length} times in the range; ${toRun} will run.`}
              </p>
              <SlotsTable backfill={result} timeZone={schedule.timezone} />
            </section>
          )}
          <div className="flex flex-wrap justify-end gap-2">
            <button type="button" className={buttonClass("secondary")} onClick={close}>
              {result?.confirmed ? "Close" : "Cancel"}
            </button>
            {!result?.confirmed && (
              <button type="submit" className={buttonClass("secondary")} disabled={backfill.isPending}>
                Preview
              </button>
            )}
            {result && !result.confirmed && toRun > 0 && (
              <button
                type="button"
                className={buttonClass("primary")}
                disabled={backfill.isPending}
                onClick={() => send(true)}
              >
                {backfill.isPending ? "Queuing…" : `Confirm: run ${toRun}`}
              </button>
            )}
          </div>
        </form>
      )}
    </ModalDialog>
  );
}
