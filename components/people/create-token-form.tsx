"use client";
// Creates an API token with a name and an optional lifetime in days.
import { useState, type FormEvent } from "react";
import { errorMessage } from "@/lib/client/api";
import { Button, fieldErrorOf, FormAlert, TextField } from "./form-controls";
import { NewTokenBox } from "./new-token-box";
import { useCreateToken } from "./use-tokens";

export function CreateTokenForm() {
  const create = useCreateToken();
  const [name, setName] = useState("");
  const [days, setDays] = useState("");
  const [token, setToken] = useState<string | null>(null);
  const [daysError, setDaysError] = useState<string | undefined>();
  const fieldError = fieldErrorOf(create.error);

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const expiresInDays = days.trim() === "" ? null : Number(days);
    if (expiresInDays !== null && !Number.isInteger(expiresInDays)) {
      setDaysError("Enter a whole number of days");
      return;
    }
    setDaysError(undefined);
    create.mutate(
      { name, expiresInDays },
      { onSuccess: (res) => (setToken(res.token), setName(""), setDays("")) },
    );
  }

  if (token) return <NewTokenBox token={token} onDone={() => (setToken(null), create.reset())} />;

  return (
    <form onSubmit={onSubmit} className="space-y-3 rounded-lg border border-slate-200 bg-white p-4" noValidate>
      <h2 className="text-base font-semibold">Create a token</h2>
      <FormAlert message={create.error ? errorMessage(create.error) : null} />
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField label="Token name" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)}
          error={fieldError("name")} hint="What it is for, e.g. “CI” or “laptop script”." />
        <TextField label="Expires after (days)" type="number" min={1} max={3650} value={days}
          onChange={(e) => setDays(e.target.value)} error={daysError ?? fieldError("expiresInDays")} hint="Leave empty for no expiry." />
      </div>
      <Button type="submit" disabled={create.isPending}>{create.isPending ? "Creating…" : "Create token"}</Button>
    </form>
  );
}
