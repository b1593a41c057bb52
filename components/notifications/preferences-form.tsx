"use client";
// Profile → Notifications: how this person hears from Cadre (email, Slack) and about what.
import { useState } from "react";
import { ErrorNotice, LoadingBlock } from "@/components/app/states";
import { Button, FormAlert } from "@/components/people/form-controls";
import { errorMessage } from "@/lib/client/api";
import type { PreferencesDto, PreferencesPatch } from "@/lib/notifications/schemas";
import { ALL_EVENTS, EVENT_LABELS } from "./event-labels";
import { usePreferences, useSavePreferences } from "./use-notifications";

function Form({ current }: { current: PreferencesDto }) {
  const save = useSavePreferences();
  const [email, setEmail] = useState(current.email);
  const [slack, setSlack] = useState(current.slack);
  const [events, setEvents] = useState<string[]>(current.events);
  const [saved, setSaved] = useState(false);
  return (
    <form
      className="space-y-4 rounded-lg border border-slate-200 bg-white p-4"
      onSubmit={(e) => {
        e.preventDefault();
        setSaved(false);
        save.mutate(
          { email, slack, events: events as PreferencesPatch["events"] },
          { onSuccess: () => setSaved(true) },
        );
      }}
    >
      <h2 className="text-base font-semibold">Notifications</h2>
      <FormAlert message={save.error ? errorMessage(save.error) : null} />
      {saved ? (
        <p role="status" className="text-sm text-emerald-700">
          Your notification choices are saved.
        </p>
      ) : null}
      <fieldset className="space-y-1">
        <legend className="mb-1 text-sm font-semibold text-slate-800">How</legend>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={email} onChange={(e) => setEmail(e.target.checked)} />
          Email me
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={slack} onChange={(e) => setSlack(e.target.checked)} />
          Include me in the team's Slack messages
        </label>
      </fieldset>
      <fieldset className="space-y-1">
        <legend className="mb-1 text-sm font-semibold text-slate-800">About what</legend>
        {ALL_EVENTS.map((ev) => (
          <label key={ev} className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              checked={events.includes(ev)}
              onChange={(e) => setEvents((cur) => (e.target.checked ? [...cur, ev] : cur.filter((x) => x !== ev)))}
            />
            {EVENT_LABELS[ev]}
          </label>
        ))}
      </fieldset>
      <Button type="submit" disabled={save.isPending}>
        {save.isPending ? "Saving…" : "Save"}
      </Button>
    </form>
  );
}

export function PreferencesForm() {
  const prefs = usePreferences();
  if (prefs.isPending) return <LoadingBlock rows={2} />;
  if (prefs.error) return <ErrorNotice error={prefs.error} retry={() => prefs.refetch()} />;
  return <Form current={prefs.data} />;
}
