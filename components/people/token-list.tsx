"use client";
// The signed-in person's API tokens, each revocable.
import { useState } from "react";
import { ConfirmDialog } from "@/components/app/confirm-dialog";
import { ErrorNotice, LoadingBlock } from "@/components/app/states";
import { Time } from "@/components/app/time";
import { errorMessage } from "@/lib/client/api";
import { Button } from "./form-controls";
import { type TokenItem, useRevokeToken, useTokens } from "./use-tokens";

function Expiry({ token }: { token: TokenItem }) {
  if (!token.expiresAt) return <>Never</>;
  const expired = Date.parse(token.expiresAt) < Date.now();
  return <Time at={token.expiresAt} show="absolute" short prefix={expired ? "Expired" : undefined} />;
}

export function TokenList() {
  const tokens = useTokens();
  const revoke = useRevokeToken();
  const [revoking, setRevoking] = useState<TokenItem | null>(null);
  return (
    <section aria-labelledby="tokens-heading" className="rounded-lg border border-slate-200 bg-white">
      <h2 id="tokens-heading" className="border-b border-slate-200 px-4 py-3 text-base font-semibold">
        Your tokens
      </h2>
      <div className="space-y-2 p-4">
        {tokens.error ? (
          <ErrorNotice error={tokens.error} title="Could not load your tokens" retry={() => tokens.refetch()} />
        ) : null}
        {tokens.isPending ? <LoadingBlock rows={2} /> : null}
        {tokens.data?.length === 0 ? <p className="text-sm text-slate-600">No tokens yet.</p> : null}
        {tokens.data && tokens.data.length > 0 ? (
          <table className="card-table w-full text-left text-sm">
            <thead className="text-slate-600">
              <tr>
                <th scope="col" className="py-2 font-medium">
                  Name
                </th>
                <th scope="col" className="py-2 font-medium">
                  Starts with
                </th>
                <th scope="col" className="py-2 font-medium">
                  Last used
                </th>
                <th scope="col" className="py-2 font-medium">
                  Expires
                </th>
                <th scope="col" className="py-2">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {tokens.data.map((t) => (
                <tr key={t.id}>
                  <td className="py-2 font-medium">{t.name}</td>
                  <td data-label="Starts with" className="py-2 font-mono">
                    {t.prefix}…
                  </td>
                  <td data-label="Last used" className="py-2">
                    <Time at={t.lastUsedAt} past empty="Never" />
                  </td>
                  <td data-label="Expires" className="py-2">
                    <Expiry token={t} />
                  </td>
                  <td className="py-2 text-right">
                    <Button
                      variant="secondary"
                      aria-label={`Revoke token ${t.name}`}
                      onClick={() => (revoke.reset(), setRevoking(t))}
                    >
                      Revoke
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </div>
      <ConfirmDialog
        open={revoking !== null}
        title={`Revoke the token “${revoking?.name ?? ""}”?`}
        confirmLabel="Revoke"
        busy={revoke.isPending}
        error={revoke.error ? errorMessage(revoke.error) : null}
        onConfirm={() => revoking && revoke.mutate(revoking.id, { onSuccess: () => setRevoking(null) })}
        onClose={() => setRevoking(null)}
      >
        Programs using it get “401 Unauthorized” from now on. This cannot be undone.
      </ConfirmDialog>
    </section>
  );
}
