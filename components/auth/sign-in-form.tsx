"use client";
// Email + password sign-in through better-auth; on success goes to `next` (a same-site path, checked by the page).
// A 429 (an account locked after failed attempts, or too many attempts from this address) says how long to wait.
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { Button, FormAlert, TextField } from "@/components/people/form-controls";
import { useWrongAddress, WrongAddressNotice } from "./address";
import { authClient } from "./auth-client";

function waitMessage(code: string | undefined, seconds: number | null): string {
  const when = seconds && seconds > 0 ? `in ${seconds} ${seconds === 1 ? "second" : "seconds"}` : "later";
  return code === "SIGN_IN_LOCKED"
    ? `Too many failed attempts. Try again ${when}.`
    : `Too many attempts. Try again ${when}.`;
}

/** `home`: Cadre's public URL; `origins`: the addresses it takes sign-ins from. */
export function SignInForm({ next, home, origins }: { next: string; home: string; origins: string[] }) {
  const router = useRouter();
  const wrongAddress = useWrongAddress(origins);
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setPending(true);
    let retryAfter: number | null = null;
    const { error: failure } = await authClient.signIn.email(
      { email, password },
      {
        onError: ({ response }) => {
          retryAfter = Number(response.headers.get("X-Retry-After")) || null;
        },
      },
    );
    if (failure) {
      setPending(false);
      if (failure.status === 429) setError(waitMessage(failure.code, retryAfter));
      else if (failure.status === 403) setError(`Sign-in was refused at this address. Open Cadre at ${home}.`);
      else
        setError(
          failure.status === 401 || failure.status === 400
            ? "Wrong email or password."
            : failure.message || "Could not sign in.",
        );
      return;
    }
    router.replace(next);
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {wrongAddress && (
        <WrongAddressNotice home={home} path={`/sign-in${next === "/" ? "" : `?next=${encodeURIComponent(next)}`}`} />
      )}
      <FormAlert message={error} />
      <TextField
        label="Email"
        type="email"
        name="email"
        autoComplete="username"
        required
        value={email}
        onChange={(e) => setEmail(e.target.value)}
      />
      <TextField
        label="Password"
        type="password"
        name="password"
        autoComplete="current-password"
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      <Button type="submit" disabled={pending || wrongAddress} className="w-full">
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
