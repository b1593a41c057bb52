"use client";
// Adds a person with a starting password and a role.
import { type FormEvent, useState } from "react";
import { buttonClass } from "@/components/app/button";
import { blockedReason, SubmitButton } from "@/components/app/submit-button";
import { formErrors } from "@/lib/client/api";
import { FormAlert, TextField } from "./form-controls";
import { RoleSelect } from "./role-select";
import { useCreateUser } from "./use-users";

const empty = { name: "", email: "", password: "", role: "user" as "admin" | "user" };

export function AddUserForm() {
  const create = useCreateUser();
  const [form, setForm] = useState(empty);
  const [done, setDone] = useState<string | null>(null);
  const failed = formErrors(create.error, ["name", "email", "password", "role"] as const);
  const fieldError = (field: keyof typeof failed.fields) => failed.fields[field];
  const blockedBy = blockedReason("add them", [
    ...(form.name.trim() ? [] : [{ label: "Name", empty: true }]),
    ...(form.email.trim() ? [] : [{ label: "Email", empty: true }]),
    ...(form.password === ""
      ? [{ label: "Password", empty: true }]
      : form.password.length < 8
        ? [{ label: "Password", empty: false }]
        : []),
  ]);
  const set = (key: "name" | "email" | "password") => (e: { target: { value: string } }) =>
    setForm({ ...form, [key]: e.target.value });

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setDone(null);
    create.mutate(form, {
      onSuccess: ({ user }) => {
        setForm(empty);
        setDone(`Added ${user.email}. Give them their password; they can sign in now.`);
      },
    });
  }

  return (
    <form onSubmit={onSubmit} className="space-y-3 rounded-lg border border-slate-200 bg-white p-4" noValidate>
      <h2 className="text-base font-semibold">Add a person</h2>
      <FormAlert message={failed.general} />
      {done ? (
        <p role="status" className="text-sm text-emerald-700">
          {done}
        </p>
      ) : null}
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField
          label="Name"
          name="name"
          required
          value={form.name}
          onChange={set("name")}
          error={fieldError("name")}
        />
        <TextField
          label="Email"
          type="email"
          name="email"
          required
          value={form.email}
          onChange={set("email")}
          error={fieldError("email")}
        />
        <TextField
          label="Password"
          type="password"
          name="password"
          autoComplete="new-password"
          required
          minLength={8}
          value={form.password}
          onChange={set("password")}
          error={fieldError("password")}
          hint="At least 8 characters."
        />
        <RoleSelect
          label="Role"
          value={form.role}
          onChange={(role) => setForm({ ...form, role })}
          error={fieldError("role")}
        />
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <SubmitButton
          id="add-user-submit"
          pending={create.isPending}
          blockedBy={blockedBy}
          label="Add person"
          pendingLabel="Adding…"
          className={buttonClass("primary")}
        />
      </div>
    </form>
  );
}
