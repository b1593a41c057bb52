"use client";
// Anthropic API key (write-only: only a short preview is ever shown) and base URL, saved in the database.
import { type FormEvent, useState } from "react";
import { ErrorNotice, LoadingBlock } from "@/components/app/states";
import { Button, FormAlert, fieldErrorOf, generalErrorOf, TextField } from "@/components/people/form-controls";
import { type AnthropicSettings, type SettingsPatch, useAnthropicSettings, useSaveSettings } from "./use-settings";

function keyStatus(s: AnthropicSettings): string {
  if (!s.apiKeySet) return "No key is set: Claude Code agents cannot run until one is.";
  return `In use: ${s.apiKeyPreview}${s.apiKeyFromEnv ? " (from the ANTHROPIC_API_KEY environment variable)" : " (saved here)"}`;
}

function SettingsForm({ current }: { current: AnthropicSettings }) {
  const save = useSaveSettings();
  const [apiKey, setApiKey] = useState("");
  const [baseUrl, setBaseUrl] = useState(current.baseUrlFromEnv ? "" : (current.baseUrl ?? ""));
  const [saved, setSaved] = useState<string | null>(null);
  const fieldError = fieldErrorOf(save.error);
  const storedKey = current.apiKeySet && !current.apiKeyFromEnv;

  function submit(body: SettingsPatch, message: string) {
    setSaved(null);
    save.mutate(body, { onSuccess: () => (setApiKey(""), setSaved(message)) });
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    submit(
      { ...(apiKey.trim() ? { anthropicApiKey: apiKey.trim() } : {}), anthropicBaseUrl: baseUrl.trim() },
      "Settings saved.",
    );
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4 rounded-lg border border-slate-200 bg-white p-4" noValidate>
      <h2 className="text-base font-semibold">Anthropic</h2>
      <FormAlert message={generalErrorOf(save.error, ["anthropicApiKey", "anthropicBaseUrl"])} />
      {saved ? (
        <p role="status" className="text-sm text-emerald-700">
          {saved}
        </p>
      ) : null}
      <p className="text-sm text-slate-700">{keyStatus(current)}</p>
      <TextField
        label="New API key"
        type="password"
        autoComplete="off"
        spellCheck={false}
        value={apiKey}
        onChange={(e) => setApiKey(e.target.value)}
        error={fieldError("anthropicApiKey")}
        hint="Leave empty to keep the current key. A saved key wins over the environment."
      />
      <TextField
        label="Base URL"
        type="url"
        value={baseUrl}
        onChange={(e) => setBaseUrl(e.target.value)}
        placeholder={current.baseUrlFromEnv ? (current.baseUrl ?? "") : "https://api.anthropic.com"}
        error={fieldError("anthropicBaseUrl")}
        hint={
          current.baseUrlFromEnv
            ? `From the environment: ${current.baseUrl}. Enter one to override it.`
            : "Empty means Anthropic's default."
        }
      />
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save"}
        </Button>
        <Button
          variant="danger"
          disabled={!storedKey || save.isPending}
          onClick={() => submit({ anthropicApiKey: null }, "Saved key removed.")}
        >
          Clear saved key
        </Button>
      </div>
    </form>
  );
}

export function AnthropicSettingsForm() {
  const settings = useAnthropicSettings();
  if (settings.isPending) return <LoadingBlock rows={2} />;
  if (settings.error) return <ErrorNotice error={settings.error} retry={() => settings.refetch()} />;
  return <SettingsForm current={settings.data} />;
}
