"use client";
// Sign-in and first-run setup only work at one of Cadre's own addresses: its public URL, or another loopback name for
// it (lib/api/origin.ts). Opened anywhere else — the network address Next.js prints, a name the server is not
// configured with — the page says which address to use instead of failing with a refusal nobody can act on.
import { useSyncExternalStore } from "react";

const never = () => () => {};

/** Whether this page was opened at an address Cadre does not take changes from (false until the browser says). */
export function useWrongAddress(origins: string[]): boolean {
  return useSyncExternalStore(
    never,
    () => !origins.includes(window.location.origin),
    () => false,
  );
}

export function WrongAddressNotice({ home, path }: { home: string; path: string }) {
  const target = new URL(path, home).toString();
  return (
    <div role="alert" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950">
      <p>
        Cadre is not set up for this address, so what you send from here would be refused. Open Cadre at{" "}
        <a href={target} className="font-medium underline">
          {home}
        </a>
        .
      </p>
      <p className="mt-1 text-xs">
        An admin can set the address with CADRE_PUBLIC_URL, or add this one to CADRE_TRUSTED_ORIGINS.
      </p>
    </div>
  );
}
