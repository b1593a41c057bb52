// What the last sync did: its state, the commit it read, the skills it added, updated, removed, kept (edited here and
// gone upstream), left in conflict or found invalid.
import Link from "next/link";
import { Badge, type Tone } from "@/components/app/badge";
import { Time } from "@/components/app/time";
import type { SkillSyncDto } from "@/lib/skills/schemas";

const STATUS: Record<SkillSyncDto["status"], { tone: Tone; label: string }> = {
  running: { tone: "indigo", label: "Running" },
  succeeded: { tone: "emerald", label: "Succeeded" },
  failed: { tone: "rose", label: "Failed" },
};

const CHANGES: { key: "added" | "updated" | "removed" | "kept" | "conflicts" | "invalid"; label: string }[] = [
  { key: "added", label: "Added" },
  { key: "updated", label: "Updated" },
  { key: "removed", label: "Removed" },
  { key: "kept", label: "Kept (edited here)" },
  { key: "conflicts", label: "Conflicts" },
  { key: "invalid", label: "Invalid" },
];

function NameList({ label, names, link }: { label: string; names: string[]; link: boolean }) {
  return (
    <div>
      <dt className="text-xs text-slate-500">
        {label} ({names.length})
      </dt>
      <dd className="mt-0.5 text-sm text-slate-800">
        {names.length === 0 ? (
          <span className="text-slate-600">None</span>
        ) : (
          <ul aria-label={label} className="flex flex-wrap gap-x-2 gap-y-1">
            {names.map((name) => (
              <li key={name} className="font-mono text-xs">
                {link ? (
                  <Link
                    href={`/skills/${name}`}
                    className="text-indigo-700 underline underline-offset-2 hover:text-indigo-900"
                  >
                    {name}
                  </Link>
                ) : (
                  name
                )}
              </li>
            ))}
          </ul>
        )}
      </dd>
    </div>
  );
}

export function SyncResult({ running, last }: { running: boolean; last: SkillSyncDto | null }) {
  return (
    <div aria-labelledby="sync-last-heading" role="group" className="mt-5 border-t border-slate-100 pt-4">
      <h3 id="sync-last-heading" className="text-sm font-semibold text-slate-900">
        Last sync
      </h3>
      <p role="status" className="sr-only">
        {running ? "Sync running" : last ? `Last sync ${STATUS[last.status].label.toLowerCase()}` : ""}
      </p>
      {!last ? (
        <p className="mt-1 text-sm text-slate-500">{running ? "Syncing…" : "Not synced yet."}</p>
      ) : (
        <div className="mt-2 space-y-3">
          <p className="flex flex-wrap items-center gap-2 text-sm text-slate-600">
            <Badge tone={STATUS[last.status].tone} dot pulse={last.status === "running"}>
              {STATUS[last.status].label}
            </Badge>
            <Time at={last.finishedAt ?? last.startedAt} past />
            {last.commit && (
              <span>
                at{" "}
                <code className="font-mono text-xs" title={last.commit}>
                  {last.commit.slice(0, 7)}
                </code>
              </span>
            )}
          </p>
          <p className="text-xs break-all text-slate-500">
            {last.repoUrl} · {last.branch}
            {last.folder && ` · ${last.folder}`}
          </p>
          {last.error && (
            <p className="rounded-md border border-rose-200 bg-rose-50 px-3 py-2 text-sm break-words text-rose-800">
              {last.error}
            </p>
          )}
          {last.status === "succeeded" && (
            <dl className="grid gap-3 sm:grid-cols-2 lg:grid-cols-1 xl:grid-cols-2">
              {CHANGES.map(({ key, label }) => (
                <NameList key={key} label={label} names={last[key]} link={key !== "removed"} />
              ))}
            </dl>
          )}
        </div>
      )}
    </div>
  );
}
