"use client";
// Settings → Notifications: the SMTP server email goes through and the Slack incoming webhook, each with "Send
// test". The password and the Slack URL are write-only: the form says whether one is set, never what it is.
import { type FormEvent, useState } from "react";
import { ErrorNotice, LoadingBlock } from "@/components/app/states";
import { Button, FormAlert, fieldErrorOf, TextField } from "@/components/people/form-controls";
import type { ChannelSettingsDto } from "@/lib/notifications/schemas";
import { TestResultNote } from "./test-result";
import { useChannelSettings, useChannelTest, useSaveChannelSettings } from "./use-notifications";

function Form({ current }: { current: ChannelSettingsDto }) {
  const save = useSaveChannelSettings();
  const test = useChannelTest();
  const [host, setHost] = useState(current.smtp.host ?? "");
  const [port, setPort] = useState(String(current.smtp.port));
  const [secure, setSecure] = useState(current.smtp.secure);
  const [user, setUser] = useState(current.smtp.user ?? "");
  const [password, setPassword] = useState("");
  const [from, setFrom] = useState(current.smtp.from ?? "");
  const [slack, setSlack] = useState("");
  const [saved, setSaved] = useState<string | null>(null);
  const fieldError = fieldErrorOf(save.error);

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setSaved(null);
    save.mutate(
      {
        smtpHost: host.trim() || null,
        smtpPort: port.trim() ? Number(port) : null,
        smtpSecure: secure,
        smtpUser: user.trim() || null,
        ...(password ? { smtpPassword: password } : {}),
        smtpFrom: from.trim() || null,
        ...(slack ? { slackWebhookUrl: slack.trim() } : {}),
      },
      {
        onSuccess: () => {
          setPassword("");
          setSlack("");
          setSaved("Notification channels saved.");
        },
      },
    );
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4 rounded-lg border border-slate-200 bg-white p-4" noValidate>
      <h2 className="text-base font-semibold">Notification channels</h2>
      <FormAlert message={save.error && !fieldError("smtpHost") ? String((save.error as Error).message) : null} />
      {saved ? (
        <p role="status" className="text-sm text-emerald-700">
          {saved}
        </p>
      ) : null}
      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold text-slate-800">Email (SMTP)</legend>
        <div className="grid gap-3 sm:grid-cols-2">
          <TextField
            label="SMTP host"
            value={host}
            onChange={(e) => setHost(e.target.value)}
            error={fieldError("smtpHost")}
          />
          <TextField
            label="SMTP port"
            type="number"
            inputMode="numeric"
            value={port}
            onChange={(e) => setPort(e.target.value)}
            error={fieldError("smtpPort")}
          />
          <TextField
            label="SMTP user"
            value={user}
            onChange={(e) => setUser(e.target.value)}
            error={fieldError("smtpUser")}
          />
          <TextField
            label="SMTP password"
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={fieldError("smtpPassword")}
            hint={current.smtp.passwordSet ? "A password is set; leave empty to keep it." : "None set."}
          />
          <TextField
            label="From address"
            type="email"
            value={from}
            onChange={(e) => setFrom(e.target.value)}
            error={fieldError("smtpFrom")}
          />
          <label className="flex items-center gap-2 self-end text-sm text-slate-700">
            <input type="checkbox" checked={secure} onChange={(e) => setSecure(e.target.checked)} />
            TLS from the start (port 465)
          </label>
        </div>
      </fieldset>
      <fieldset className="space-y-3">
        <legend className="text-sm font-semibold text-slate-800">Slack</legend>
        <TextField
          label="Slack incoming webhook URL"
          type="url"
          value={slack}
          onChange={(e) => setSlack(e.target.value)}
          error={fieldError("slackWebhookUrl")}
          hint={
            current.slack.webhookUrlSet
              ? `Set (${current.slack.webhookUrlPreview}); enter a new one to replace it.`
              : "None set. Slack gives this address when you add an incoming webhook to a channel."
          }
        />
      </fieldset>
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save channels"}
        </Button>
        <Button
          variant="secondary"
          disabled={test.isPending || !current.smtp.configured}
          onClick={() => test.mutate({ channel: "email" })}
        >
          Send test email
        </Button>
        <Button
          variant="secondary"
          disabled={test.isPending || !current.slack.webhookUrlSet}
          onClick={() => test.mutate({ channel: "slack" })}
        >
          Send test to Slack
        </Button>
      </div>
      <TestResultNote result={test.data?.result} />
      <FormAlert message={test.error ? String((test.error as Error).message) : null} />
    </form>
  );
}

export function ChannelSettingsForm() {
  const settings = useChannelSettings();
  if (settings.isPending) return <LoadingBlock rows={2} />;
  if (settings.error) return <ErrorNotice error={settings.error} retry={() => settings.refetch()} />;
  return <Form current={settings.data} />;
}
