"use client";
// "Delegations": hand all my approvals for a period to someone (holidays), see what I gave and received, revoke.
import { useState } from "react";
import { buttonClass } from "@/components/app/button";
import { Field, inputClass } from "@/components/app/field";
import { ErrorNotice, LoadingBlock } from "@/components/app/states";
import { Time } from "@/components/app/time";
import type { DelegationDto } from "@/lib/approvals/schemas";
import { errorMessage, formErrors } from "@/lib/client/api";
import { useCreateDelegation, useDelegations, useRevokeDelegation } from "@/lib/client/delegations";

/** A datetime-local value (the browser's zone) as an ISO instant; "" stays undefined. */
const toInstant = (local: string) => (local ? new Date(local).toISOString() : undefined);

function What({ d }: { d: DelegationDto }) {
  if (d.approval) return <>the approval “{d.approval.title}”</>;
  return (
    <>
      all approvals from {d.startsAt ? <Time at={d.startsAt} show="absolute" /> : "now"} until{" "}
      {d.endsAt ? <Time at={d.endsAt} show="absolute" /> : "revoked"}
    </>
  );
}

function DelegationForm() {
  const create = useCreateDelegation();
  const [to, setTo] = useState("");
  const [startsAt, setStartsAt] = useState("");
  const [endsAt, setEndsAt] = useState("");
  const failed = formErrors(create.error, ["to", "startsAt", "endsAt"] as const);
  return (
    <form
      aria-label="Delegate my approvals for a period"
      className="grid gap-3 sm:grid-cols-3"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate(
          { to: to.trim(), startsAt: toInstant(startsAt), endsAt: toInstant(endsAt) ?? "" },
          {
            onSuccess: () => {
              setTo("");
              setStartsAt("");
              setEndsAt("");
            },
          },
        );
      }}
    >
      <Field id="delegation-to" label="To (email)" error={failed.fields.to}>
        <input className={inputClass} type="email" required value={to} onChange={(e) => setTo(e.target.value)} />
      </Field>
      <Field id="delegation-from" label="From" error={failed.fields.startsAt} hint="Empty: now">
        <input
          className={inputClass}
          type="datetime-local"
          value={startsAt}
          onChange={(e) => setStartsAt(e.target.value)}
        />
      </Field>
      <Field id="delegation-until" label="Until" error={failed.fields.endsAt}>
        <input
          className={inputClass}
          type="datetime-local"
          required
          value={endsAt}
          onChange={(e) => setEndsAt(e.target.value)}
        />
      </Field>
      {failed.general && (
        <p role="alert" className="text-sm text-rose-700 sm:col-span-3">
          {failed.general}
        </p>
      )}
      <div className="sm:col-span-3">
        <button type="submit" className={buttonClass("primary", "sm")} disabled={create.isPending}>
          {create.isPending ? "Delegating…" : "Delegate my approvals"}
        </button>
      </div>
    </form>
  );
}

export function DelegationsSection() {
  const list = useDelegations();
  const revoke = useRevokeDelegation();
  return (
    <section aria-labelledby="delegations-heading" className="mt-10 space-y-4">
      <div>
        <h2 id="delegations-heading" className="text-lg font-semibold text-slate-900">
          Delegations
        </h2>
        <p className="text-sm text-slate-600">
          Someone you delegate to decides your approvals for you while it lasts; each decision records that it was made
          for you.
        </p>
      </div>
      <DelegationForm />
      {revoke.error && (
        <p role="alert" className="text-sm text-rose-700">
          {errorMessage(revoke.error)}
        </p>
      )}
      {list.isPending ? (
        <LoadingBlock label="Loading delegations…" />
      ) : list.isError ? (
        <ErrorNotice title="Could not load delegations" error={list.error} retry={() => list.refetch()} />
      ) : (
        <div className="grid gap-4 sm:grid-cols-2">
          <div>
            <h3 className="text-sm font-semibold text-slate-900">Given</h3>
            {list.data.given.length === 0 ? (
              <p className="text-sm text-slate-600">None.</p>
            ) : (
              <ul className="mt-2 space-y-2 text-sm">
                {list.data.given.map((d) => (
                  <li key={d.id} className="rounded-md border border-slate-200 bg-white px-3 py-2">
                    To {d.to.name} ({d.to.email}): <What d={d} />
                    {d.revokedAt ? (
                      <span className="text-slate-600"> · revoked</span>
                    ) : (
                      <button
                        type="button"
                        className={`${buttonClass("secondary", "sm")} ml-2`}
                        disabled={revoke.isPending}
                        onClick={() => revoke.mutate(d.id)}
                        aria-label={`Revoke the delegation to ${d.to.email}`}
                      >
                        Revoke
                      </button>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </div>
          <div>
            <h3 className="text-sm font-semibold text-slate-900">Received</h3>
            {list.data.received.length === 0 ? (
              <p className="text-sm text-slate-600">None.</p>
            ) : (
              <ul className="mt-2 space-y-2 text-sm">
                {list.data.received.map((d) => (
                  <li key={d.id} className="rounded-md border border-slate-200 bg-white px-3 py-2">
                    From {d.from.name} ({d.from.email}): <What d={d} />
                    {d.revokedAt ? <span className="text-slate-600"> · revoked</span> : null}
                  </li>
                ))}
              </ul>
            )}
          </div>
        </div>
      )}
    </section>
  );
}
