"use client";
// First-run form: creates the admin account (POST /api/setup), signs in with it and opens the agents page.
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { Button, FormAlert, fieldErrorOf, generalErrorOf, TextField } from "@/components/people/form-controls";
import { apiFetch } from "@/lib/client/api";
import { useWrongAddress, WrongAddressNotice } from "./address";
import { authClient } from "./auth-client";

/** `home`: Cadre's public URL; `origins`: the addresses it takes changes from. */
export function SetupForm({ home, origins }: { home: string; origins: string[] }) {
  const router = useRouter();
  const wrongAddress = useWrongAddress(origins);
  const [form, setForm] = useState({ name: "", email: "", password: "" });
  const [failure, setFailure] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const fieldError = fieldErrorOf(failure);
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [key]: e.target.value });

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setFailure(null);
    setPending(true);
    try {
      await apiFetch("/api/setup", { method: "POST", body: form });
    } catch (err) {
      setPending(false);
      setFailure(err);
      return;
    }
    const signedIn = await authClient.signIn.email({ email: form.email, password: form.password });
    if (signedIn.error) {
      router.replace("/sign-in");
      return;
    }
    router.replace("/agents");
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {wrongAddress && <WrongAddressNotice home={home} path="/setup" />}
      <FormAlert message={generalErrorOf(failure, ["name", "email", "password"])} />
      <TextField
        label="Name"
        name="name"
        autoComplete="name"
        required
        value={form.name}
        onChange={set("name")}
        error={fieldError("name")}
      />
      <TextField
        label="Email"
        type="email"
        name="email"
        autoComplete="username"
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
      <Button type="submit" disabled={pending || wrongAddress} className="w-full">
        {pending ? "Creating…" : "Create admin account"}
      </Button>
    </form>
  );
}
