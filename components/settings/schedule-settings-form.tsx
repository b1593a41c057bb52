"use client";
// The least time between two runs of a schedule people other than admins set up (admins are exempt).
import { type FormEvent, useState } from "react";
import { ErrorNotice, LoadingBlock } from "@/components/app/states";
import { Button, FormAlert, fieldErrorOf, generalErrorOf, TextField } from "@/components/people/form-controls";
import { MIN_INTERVAL, type ScheduleSettingsDto } from "@/lib/schedules/schemas";
import { useSaveSettings, useScheduleSettings } from "./use-settings";

function IntervalForm({ current }: { current: ScheduleSettingsDto }) {
  const save = useSaveSettings();
  const [seconds, setSeconds] = useState(String(current.minIntervalSeconds));
  const [invalid, setInvalid] = useState<string | undefined>();
  const [saved, setSaved] = useState<string | null>(null);
  const fieldError = fieldErrorOf(save.error);

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setSaved(null);
    const value = Number(seconds.trim());
    if (seconds.trim() === "" || !Number.isInteger(value)) {
      setInvalid("Enter a whole number of seconds");
      return;
    }
    setInvalid(undefined);
    save.mutate({ scheduleMinIntervalSeconds: value }, { onSuccess: () => setSaved("Minimum interval saved.") });
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4 rounded-lg border border-slate-200 bg-white p-4" noValidate>
      <h2 className="text-base font-semibold">Schedules</h2>
      <FormAlert message={generalErrorOf(save.error, ["scheduleMinIntervalSeconds"])} />
      {saved ? (
        <p role="status" className="text-sm text-emerald-700">
          {saved}
        </p>
      ) : null}
      <TextField
        label="Minimum seconds between runs"
        type="number"
        inputMode="numeric"
        min={MIN_INTERVAL.minSeconds}
        max={MIN_INTERVAL.maxSeconds}
        step={1}
        required
        value={seconds}
        onChange={(e) => setSeconds(e.target.value)}
        error={invalid ?? fieldError("scheduleMinIntervalSeconds")}
        hint={`A schedule whose runs come closer than this is refused. Admins are exempt. Default ${MIN_INTERVAL.defaultSeconds}.`}
      />
      <Button type="submit" disabled={save.isPending}>
        {save.isPending ? "Saving…" : "Save"}
      </Button>
    </form>
  );
}

export function ScheduleSettingsForm() {
  const settings = useScheduleSettings();
  if (settings.isPending) return <LoadingBlock rows={1} />;
  if (settings.error) return <ErrorNotice error={settings.error} retry={() => settings.refetch()} />;
  return <IntervalForm current={settings.data} />;
}
