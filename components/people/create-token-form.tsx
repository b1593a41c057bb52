"use client";
// Creates an API token with a name and an optional lifetime in days.
import { type FormEvent, useState } from "react";
import { blockedReason, SubmitButton } from "@/components/app/submit-button";
import { formErrors } from "@/lib/client/api";
import { FormAlert, TextField } from "./form-controls";
import { NewTokenBox } from "./new-token-box";
import { useCreateToken } from "./use-tokens";

export function CreateTokenForm() {
  const create = useCreateToken();
  const [name, setName] = useState("");
  const [days, setDays] = useState("");
  const [token, setToken] = useState<string | null>(null);
  const [daysError, setDaysError] = useState<string | undefined>();
  const failed = formErrors(create.error, ["name", "expiresInDays"] as const);
  const fieldError = (field: keyof typeof failed.fields) => failed.fields[field];
  const daysText = days.trim();
  const daysWrong =
    daysText !== "" && !(Number.isInteger(Number(daysText)) && Number(daysText) >= 1 && Number(daysText) <= 3650);
  const blockedBy = blockedReason("create it", [
    ...(name.trim() ? [] : [{ label: "Token name", empty: true }]),
    ...(daysWrong ? [{ label: "Expires after (days)", empty: false }] : []),
  ]);

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const expiresInDays = days.trim() === "" ? null : Number(days);
    if (expiresInDays !== null && !Number.isInteger(expiresInDays)) {
      setDaysError("Enter a whole number of days");
      return;
    }
    setDaysError(undefined);
    create.mutate({ name, expiresInDays }, { onSuccess: (res) => (setToken(res.token), setName(""), setDays("")) });
  }

  if (token) return <NewTokenBox token={token} onDone={() => (setToken(null), create.reset())} />;

  return (
    <form onSubmit={onSubmit} className="space-y-3 rounded-lg border border-slate-200 bg-white p-4" noValidate>
      <h2 className="text-base font-semibold">Create a token</h2>
      <FormAlert message={failed.general} />
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField
          label="Token name"
          required
          maxLength={100}
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={fieldError("name")}
          hint="What it is for, e.g. “CI” or “laptop script”."
        />
        <TextField
          label="Expires after (days)"
          type="number"
          min={1}
          max={3650}
          value={days}
          onChange={(e) => setDays(e.target.value)}
          error={
            daysError ??
            (daysWrong ? "Use a whole number of days from 1 to 3650, or leave it empty" : fieldError("expiresInDays"))
          }
          hint="Leave empty for no expiry."
        />
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <SubmitButton
          id="create-token-submit"
          pending={create.isPending}
          blockedBy={blockedBy}
          label="Create token"
          pendingLabel="Creating…"
        />
      </div>
    </form>
  );
}
