"use client";
// Email + password sign-in through better-auth; on success goes to `next` (a same-site path, checked by the page).
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button, FormAlert, TextField } from "../people/form-controls";
import { authClient } from "./auth-client";

export function SignInForm({ next }: { next: string }) {
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setPending(true);
    const { error: failure } = await authClient.signIn.email({ email, password });
    if (failure) {
      setPending(false);
      setError(failure.status === 401 || failure.status === 400 ? "Wrong email or password." : failure.message || "Could not sign in.");
      return;
    }
    router.replace(next);
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      <FormAlert message={error} />
      <TextField label="Email" type="email" name="email" autoComplete="username" required value={email}
        onChange={(e) => setEmail(e.target.value)} />
      <TextField label="Password" type="password" name="password" autoComplete="current-password" required value={password}
        onChange={(e) => setPassword(e.target.value)} />
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
