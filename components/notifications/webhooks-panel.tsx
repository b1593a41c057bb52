"use client";
// Settings → Webhooks: the endpoints signed JSON events are POSTed to. A new endpoint's signing secret is shown once,
// right after it is added; each endpoint can be sent a test, switched off or removed.
import { type FormEvent, useState } from "react";
import { ErrorNotice, LoadingBlock } from "@/components/app/states";
import { Button, FormAlert, fieldErrorOf, TextField } from "@/components/people/form-controls";
import { errorMessage } from "@/lib/client/api";
import { ALL_EVENTS, EVENT_LABELS } from "./event-labels";
import { TestResultNote } from "./test-result";
import { useCreateWebhook, useWebhookActions, useWebhooks } from "./use-notifications";

function AddWebhook() {
  const create = useCreateWebhook();
  const [url, setUrl] = useState("");
  const [description, setDescription] = useState("");
  const [events, setEvents] = useState<string[]>([...ALL_EVENTS]);
  const fieldError = fieldErrorOf(create.error);

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    create.mutate({ url: url.trim(), description, events }, { onSuccess: () => setUrl("") });
  }

  return (
    <form onSubmit={onSubmit} className="space-y-3" noValidate aria-label="Add a webhook endpoint">
      <TextField
        label="Endpoint URL"
        type="url"
        value={url}
        onChange={(e) => setUrl(e.target.value)}
        error={fieldError("url")}
      />
      <TextField label="Description" value={description} onChange={(e) => setDescription(e.target.value)} />
      <fieldset>
        <legend className="mb-1.5 text-sm font-medium text-slate-700">Events</legend>
        <div className="grid gap-1 sm:grid-cols-2">
          {ALL_EVENTS.map((ev) => (
            <label key={ev} className="flex items-center gap-2 text-sm text-slate-700">
              <input
                type="checkbox"
                checked={events.includes(ev)}
                onChange={(e) => setEvents((cur) => (e.target.checked ? [...cur, ev] : cur.filter((x) => x !== ev)))}
              />
              <code className="text-xs">{ev}</code>
            </label>
          ))}
        </div>
        {fieldError("events") ? <p className="mt-1 text-sm text-rose-600">{fieldError("events")}</p> : null}
      </fieldset>
      <Button type="submit" disabled={create.isPending}>
        {create.isPending ? "Adding…" : "Add endpoint"}
      </Button>
      {create.data ? (
        <div role="status" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          <p className="font-medium">Signing secret — copy it now, it is not shown again:</p>
          <code className="mt-1 block break-all" data-testid="webhook-secret">
            {create.data.webhook.secret}
          </code>
        </div>
      ) : null}
    </form>
  );
}

export function WebhooksPanel() {
  const hooks = useWebhooks();
  const { toggle, remove, test } = useWebhookActions();
  const [tested, setTested] = useState<string | null>(null);
  return (
    <section aria-labelledby="webhooks-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="webhooks-heading" className="text-base font-semibold">
        Webhooks
      </h2>
      <p className="text-sm text-slate-600">
        Each event is POSTed as JSON, signed in the <code>Cadre-Signature</code> header (see the README), and retried
        with growing waits for a day. Every attempt is in the{" "}
        <a className="text-indigo-700 underline" href="/deliveries">
          delivery log
        </a>
        .
      </p>
      {hooks.isPending ? <LoadingBlock rows={1} /> : null}
      {hooks.error ? <ErrorNotice error={hooks.error} retry={() => hooks.refetch()} /> : null}
      {hooks.data && hooks.data.length > 0 ? (
        <ul className="divide-y divide-slate-200">
          {hooks.data.map((h) => (
            <li key={h.id} className="space-y-1 py-2">
              <div className="flex flex-wrap items-center gap-2">
                <span className="break-all font-mono text-sm">{h.url}</span>
                <span className="text-xs text-slate-600">{h.enabled ? "on" : "off"}</span>
              </div>
              <p className="text-xs text-slate-600">
                {h.events.map((e) => EVENT_LABELS[e as keyof typeof EVENT_LABELS] ?? e).join(" · ")}
              </p>
              <div className="flex flex-wrap gap-2">
                <Button
                  variant="secondary"
                  disabled={test.isPending}
                  onClick={() => {
                    setTested(h.id);
                    test.mutate(h.id);
                  }}
                  aria-label={`Send test to ${h.url}`}
                >
                  Send test
                </Button>
                <Button variant="secondary" onClick={() => toggle.mutate({ id: h.id, enabled: !h.enabled })}>
                  {h.enabled ? "Turn off" : "Turn on"}
                </Button>
                <Button variant="danger" onClick={() => remove.mutate(h.id)} aria-label={`Remove ${h.url}`}>
                  Remove
                </Button>
              </div>
              {tested === h.id ? <TestResultNote result={test.data?.result} /> : null}
            </li>
          ))}
        </ul>
      ) : hooks.data ? (
        <p className="text-sm text-slate-600">No endpoints yet.</p>
      ) : null}
      <FormAlert
        message={
          remove.error || toggle.error || test.error ? errorMessage(remove.error ?? toggle.error ?? test.error) : null
        }
      />
      <AddWebhook />
    </section>
  );
}
