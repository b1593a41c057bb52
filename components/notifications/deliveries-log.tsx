"use client";
// The delivery log (admins): every email, Slack message and webhook call with its state; a row opens to show each
// attempt (answer, latency, the start of the response) and offers Redeliver.
import { useState } from "react";
import { Badge, type Tone } from "@/components/app/badge";
import { inputClass } from "@/components/app/field";
import { EmptyState, ErrorNotice, LoadingBlock } from "@/components/app/states";
import { Button, FormAlert } from "@/components/people/form-controls";
import { errorMessage } from "@/lib/client/api";
import type { DeliveryDto } from "@/lib/notifications/schemas";
import { type DeliveryFilters, useDeliveries, useDelivery, useRedeliver } from "./use-notifications";

const TONES: Record<string, Tone> = { pending: "amber", delivered: "emerald", failed: "rose" };

function Attempts({ id }: { id: string }) {
  const d = useDelivery(id, true);
  if (d.isPending) return <LoadingBlock rows={1} />;
  if (d.error) return <ErrorNotice error={d.error} />;
  const tries = d.data.tries ?? [];
  if (tries.length === 0) return <p className="text-sm text-slate-600">No attempt yet.</p>;
  return (
    <ol className="space-y-1 text-sm" aria-label="Attempts">
      {tries.map((t) => (
        <li key={`${t.at}-${t.latencyMs}-${t.status}`} className="rounded border border-slate-200 p-2">
          <span className={t.ok ? "text-emerald-700" : "text-rose-700"}>{t.ok ? "OK" : "Failed"}</span> ·{" "}
          {new Date(t.at).toLocaleString()} · {t.status ?? "no answer"} · {t.latencyMs} ms
          {t.error ? <span className="block text-rose-700">{t.error}</span> : null}
          {t.excerpt ? (
            <pre className="mt-1 max-h-32 overflow-auto whitespace-pre-wrap text-xs text-slate-700">{t.excerpt}</pre>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

function Row({ d }: { d: DeliveryDto }) {
  const [open, setOpen] = useState(false);
  const redeliver = useRedeliver();
  return (
    <li className="py-2">
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={TONES[d.status] ?? "slate"}>{d.status}</Badge>
        <code className="text-xs">{d.event}</code>
        <span className="text-sm text-slate-700">
          {d.channel} → <span className="break-all">{d.target}</span>
        </span>
        <span className="text-xs text-slate-600">
          {d.attempts} attempt{d.attempts === 1 ? "" : "s"} · {new Date(d.createdAt).toLocaleString()}
        </span>
        <div className="ml-auto flex gap-2">
          <Button variant="secondary" aria-expanded={open} onClick={() => setOpen((v) => !v)}>
            {open ? "Hide attempts" : "Attempts"}
          </Button>
          <Button variant="secondary" disabled={redeliver.isPending} onClick={() => redeliver.mutate(d.id)}>
            Redeliver
          </Button>
        </div>
      </div>
      {d.lastError && d.status !== "delivered" ? <p className="text-xs text-rose-700">{d.lastError}</p> : null}
      <FormAlert message={redeliver.error ? errorMessage(redeliver.error) : null} />
      {redeliver.isSuccess ? (
        <p role="status" className="text-xs text-emerald-700">
          Queued to send again.
        </p>
      ) : null}
      {open ? (
        <div className="mt-2">
          <Attempts id={d.id} />
        </div>
      ) : null}
    </li>
  );
}

export function DeliveriesLog() {
  const [filters, setFilters] = useState<DeliveryFilters>({});
  const list = useDeliveries(filters);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap gap-3">
        <label className="text-sm">
          <span className="mb-1 block font-medium text-slate-700">Status</span>
          <select
            className={inputClass}
            value={filters.status ?? ""}
            onChange={(e) => setFilters((f) => ({ ...f, status: e.target.value || undefined }))}
          >
            <option value="">Any</option>
            <option value="pending">Pending</option>
            <option value="delivered">Delivered</option>
            <option value="failed">Failed</option>
          </select>
        </label>
        <label className="text-sm">
          <span className="mb-1 block font-medium text-slate-700">Channel</span>
          <select
            className={inputClass}
            value={filters.channel ?? ""}
            onChange={(e) => setFilters((f) => ({ ...f, channel: e.target.value || undefined }))}
          >
            <option value="">Any</option>
            <option value="email">Email</option>
            <option value="slack">Slack</option>
            <option value="webhook">Webhook</option>
          </select>
        </label>
      </div>
      {list.isPending ? <LoadingBlock /> : null}
      {list.error ? <ErrorNotice error={list.error} retry={() => list.refetch()} /> : null}
      {list.data && list.data.deliveries.length === 0 ? (
        <EmptyState title="No deliveries">Notifications appear here once events are sent out.</EmptyState>
      ) : null}
      {list.data && list.data.deliveries.length > 0 ? (
        <ul
          className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white px-4"
          aria-label="Deliveries"
        >
          {list.data.deliveries.map((d) => (
            <Row key={d.id} d={d} />
          ))}
        </ul>
      ) : null}
    </div>
  );
}
