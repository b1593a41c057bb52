"use client";
// How long the audit log keeps its entries: empty keeps them all (the default); a number of days has the workers
// delete older entries, recording each pruning in the log itself.
import { type FormEvent, useState } from "react";
import { ErrorNotice, LoadingBlock } from "@/components/app/states";
import { Button, FormAlert, fieldErrorOf, generalErrorOf, TextField } from "@/components/people/form-controls";
import type { AuditSettingsDto } from "@/lib/audit/schemas";
import { useAuditSettings, useSaveSettings } from "./use-settings";

function RetentionForm({ current }: { current: AuditSettingsDto }) {
  const save = useSaveSettings();
  const [days, setDays] = useState(current.retentionDays === null ? "" : String(current.retentionDays));
  const [invalid, setInvalid] = useState<string | undefined>();
  const [saved, setSaved] = useState<string | null>(null);
  const fieldError = fieldErrorOf(save.error);

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setSaved(null);
    const text = days.trim();
    const value = Number(text);
    if (text !== "" && (!Number.isInteger(value) || value < 1)) {
      setInvalid("Enter a whole number of days, or leave it empty to keep every entry");
      return;
    }
    setInvalid(undefined);
    save.mutate(
      { auditRetentionDays: text === "" ? null : value },
      { onSuccess: () => setSaved(text === "" ? "Every entry is kept." : `Entries are kept for ${value} days.`) },
    );
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4 rounded-lg border border-slate-200 bg-white p-4" noValidate>
      <h2 className="text-base font-semibold">Audit log</h2>
      <FormAlert message={generalErrorOf(save.error, ["auditRetentionDays"])} />
      {saved ? (
        <p role="status" className="text-sm text-emerald-700">
          {saved}
        </p>
      ) : null}
      <TextField
        label="Keep entries for (days)"
        type="number"
        inputMode="numeric"
        min={1}
        step={1}
        value={days}
        onChange={(e) => setDays(e.target.value)}
        error={invalid ?? fieldError("auditRetentionDays")}
        hint="Empty keeps every entry (the default). Older entries are deleted by the workers; each pruning is itself recorded."
      />
      <Button type="submit" disabled={save.isPending}>
        {save.isPending ? "Saving…" : "Save"}
      </Button>
    </form>
  );
}

export function AuditSettingsForm() {
  const settings = useAuditSettings();
  if (settings.isPending) return <LoadingBlock rows={1} />;
  if (settings.error) return <ErrorNotice error={settings.error} retry={() => settings.refetch()} />;
  return <RetentionForm current={settings.data} />;
}
